package dev.curate.engine.stratify;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.util.Arrays;

/**
 * Builds the strata of one level of a store's tree over the store's tile table. A tile's
 * {@code ind} is its rank among its slide's tiles in global tile order; tiles no cluster holds
 * (skipped at ingest) keep their rank but are never drawn. Stateless and thread safe.
 */
public final class StoreStrata {

    private StoreStrata() {
    }

    /**
     * Returns the pool of {@code tree}'s level {@code level} over {@code tiles}.
     *
     * @param tree the tree, over the same tiles as {@code tiles}
     * @param tiles the store's tile table
     * @param level the level, from 1 to the tree's depth; {@code null} for the top
     * @throws IllegalArgumentException for a level outside the tree, or a tree over a different
     *     number of tiles than the table
     */
    public static StrataPool of(ClusterTree tree, TileTable tiles, Integer level) {
        int h = level == null ? tree.depth() : level;
        if (h < 1 || h > tree.depth()) {
            throw new IllegalArgumentException("--level " + h + " is not a level of the store's"
                    + " tree (it has levels 1.." + tree.depth() + ")");
        }
        if (tree.tileCount() != tiles.tileCount()) {
            throw new IllegalArgumentException("the store's tree covers " + tree.tileCount()
                    + " tiles but its tile table " + tiles.tileCount() + " (expected equal)");
        }
        int[] cluster = clusterAtLevel(tree, h, tiles.tileCount());
        StrataPool.Builder b = new StrataPool.Builder();
        int[] slideOf = new int[tiles.slideIds().size()];
        for (int k = 0; k < slideOf.length; k++) {
            slideOf[k] = b.slide(tiles.slideIds().get(k));
        }
        // strata are made on a cluster's first tile, so empty clusters are no strata
        int[] stratumOf = new int[tree.level(h).clusterCount()];
        Arrays.fill(stratumOf, -1);
        for (int t = 0; t < cluster.length; t++) {
            int slide = slideOf[tiles.slideOfTile()[t]];
            int c = cluster[t];
            if (c < 0) {
                b.skipTiles(slide, 1);
                continue;
            }
            if (stratumOf[c] < 0) {
                stratumOf[c] = b.stratum(Integer.toString(c));
            }
            b.addTile(slide, stratumOf[c]);
        }
        return b.build();
    }

    /** Returns each tile's cluster at level {@code h}, or -1 for tiles no cluster holds. */
    private static int[] clusterAtLevel(ClusterTree tree, int h, int tileCount) {
        int[] cluster = new int[tileCount];
        Arrays.fill(cluster, -1);
        TreeLevel first = tree.level(1);
        for (int c = 0; c < first.clusterCount(); c++) {
            for (long i = first.offsets()[c]; i < first.offsets()[c + 1]; i++) {
                cluster[(int) first.members()[(int) i]] = c;
            }
        }
        for (int l = 2; l <= h; l++) {
            TreeLevel up = tree.level(l);
            int[] parent = new int[tree.level(l - 1).clusterCount()];
            Arrays.fill(parent, -1);
            for (int c = 0; c < up.clusterCount(); c++) {
                for (long i = up.offsets()[c]; i < up.offsets()[c + 1]; i++) {
                    parent[(int) up.members()[(int) i]] = c;
                }
            }
            for (int t = 0; t < tileCount; t++) {
                cluster[t] = cluster[t] < 0 ? -1 : parent[cluster[t]];
            }
        }
        return cluster;
    }
}
