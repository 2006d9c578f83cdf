package dev.curate.verticles.shard;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.kmeans.VectorSource;
import dev.curate.engine.store.TileStore;
import java.util.Arrays;

/**
 * The rows of a store that belong to one shard: every kept tile of the slides whose ordinal in
 * the tile table satisfies {@code ordinal % shards == shard}, so a slide never spans shards.
 * Rows keep the store's tile order. Reads go through the store's vectors one row at a time
 * (the store caches the decoded chunk), so sequential reads stay cheap.
 *
 * <p>The store may hold every tile, or only this shard's ({@link TileStore#slideShard()},
 * written by a sharded ingest); a store ingested for another shard is refused.
 *
 * <p>Not thread safe, like the store's vector source; the shard verticle is its only user.
 */
final class ShardRows implements VectorSource {

    private final VectorSource all;
    private final int[] keptRows;
    private final long[] tiles;

    private ShardRows(VectorSource all, int[] keptRows, long[] tiles) {
        this.all = all;
        this.keptRows = keptRows;
        this.tiles = tiles;
    }

    /**
     * Selects the rows of shard {@code shard} of {@code shards} from {@code store}.
     *
     * @param store an open store with embeddings
     * @param shard this shard's index, in {@code [0, shards)}
     * @param shards the number of shards, at least 1
     * @return the shard's rows, possibly none
     */
    static ShardRows of(TileStore store, int shard, int shards) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards
                    + " is not a shard: need 0 <= shard < shards");
        }
        store.slideShard().ifPresent(held -> {
            if (held.shard() != shard || held.shards() != shards) {
                throw new IllegalArgumentException("store " + store.directory() + " holds "
                        + "the slides of shard " + held.text() + ", not of shard " + shard
                        + "/" + shards + "; serve it as --shard " + held.shard() + " --shards "
                        + held.shards() + " or ingest this shard into a new store");
            }
        });
        long[] kept = store.keptTileIndices();
        TileTable table = store.tileTable();
        int[] rows = new int[kept.length];
        int n = 0;
        for (int r = 0; r < kept.length; r++) {
            int slide = table.slideOfTile()[(int) kept[r]];
            if (slide % shards == shard) {
                rows[n++] = r;
            }
        }
        int[] keptRows = Arrays.copyOf(rows, n);
        long[] tiles = new long[n];
        for (int i = 0; i < n; i++) {
            tiles[i] = kept[keptRows[i]];
        }
        return new ShardRows(store.vectors(), keptRows, tiles);
    }

    /** Returns the global tile index of every row, ascending. */
    long[] tiles() {
        return tiles.clone();
    }

    @Override
    public long rows() {
        return keptRows.length;
    }

    @Override
    public int dim() {
        return all.dim();
    }

    @Override
    public void scan(int maxRows, BlockVisitor visitor) {
        int d = dim();
        int blockRows = Math.max(1, Math.min(maxRows, keptRows.length));
        float[] block = new float[blockRows * d];
        for (int first = 0; first < keptRows.length; first += blockRows) {
            int count = Math.min(blockRows, keptRows.length - first);
            for (int i = 0; i < count; i++) {
                all.readRow(keptRows[first + i], block, i * d);
            }
            visitor.visit(first, count, block);
        }
    }

    @Override
    public void readRow(long row, float[] dst, int offset) {
        if (row < 0 || row >= keptRows.length) {
            throw new IllegalArgumentException("shard row " + row + " is outside 0.."
                    + (keptRows.length - 1));
        }
        all.readRow(keptRows[(int) row], dst, offset);
    }
}
