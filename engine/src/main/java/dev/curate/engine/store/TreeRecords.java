package dev.curate.engine.store;

import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * Stores a {@link ClusterTree} in the store's tree database: the depth and tile count, then per
 * level {@code l} the arrays {@code L<l>/offsets}, {@code L<l>/members} and, when present,
 * {@code L<l>/centroids} with {@code L<l>/dim}, each split into records of at most 64 KiB.
 */
final class TreeRecords {

    private TreeRecords() {
    }

    /** Replaces whatever tree {@code db} holds with {@code tree}, inside {@code txn}. */
    static void replace(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, ClusterTree tree) {
        db.drop(txn);
        StoreCodec.putString(db, txn, "depth", Integer.toString(tree.depth()));
        StoreCodec.putString(db, txn, "tileCount", Long.toString(tree.tileCount()));
        for (int l = 1; l <= tree.depth(); l++) {
            TreeLevel level = tree.level(l);
            StoreCodec.putLongs(db, txn, "L" + l + "/offsets", level.offsets());
            StoreCodec.putLongs(db, txn, "L" + l + "/members", level.members());
            if (level.hasCentroids()) {
                StoreCodec.putString(db, txn, "L" + l + "/dim", Integer.toString(level.dim()));
                StoreCodec.putFloats(db, txn, "L" + l + "/centroids", level.centroids());
            }
        }
    }

    /** Returns the tree {@code db} holds, or empty when none was stored. */
    static Optional<ClusterTree> read(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn) {
        Optional<String> depth = StoreCodec.getString(db, txn, "depth");
        if (depth.isEmpty()) {
            return Optional.empty();
        }
        List<TreeLevel> levels = new ArrayList<>();
        for (int l = 1; l <= Integer.parseInt(depth.get()); l++) {
            long[] offsets = StoreCodec.getLongs(db, txn, "L" + l + "/offsets");
            long[] members = StoreCodec.getLongs(db, txn, "L" + l + "/members");
            Optional<String> dim = StoreCodec.getString(db, txn, "L" + l + "/dim");
            float[] centroids = dim.isPresent()
                    ? StoreCodec.getFloats(db, txn, "L" + l + "/centroids") : null;
            levels.add(new TreeLevel(offsets, members, centroids,
                    dim.map(Integer::parseInt).orElse(0)));
        }
        long tiles = Long.parseLong(StoreCodec.getString(db, txn, "tileCount").orElseThrow());
        return Optional.of(new ClusterTree(levels, tiles));
    }
}
