package dev.curate.engine.tree;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a subset of tiles spreads over the clusters of one tree level: the balance numbers the
 * demo prints, and the page's size-versus-balance view. A curated subset should be far more
 * even over the top clusters than a uniform random subset of the same size.
 */
public final class SubsetSpread {

    private SubsetSpread() {
    }

    /**
     * Counts how many entries of {@code tiles} fall in each cluster of level {@code level}.
     *
     * @param tree the tree
     * @param level level number, 1 (finest) to {@code tree.depth()}
     * @param tiles global tile indices; repeats count each time; tiles that no cluster holds
     *     are ignored
     * @return one count per cluster of the level
     */
    public static long[] countsPerCluster(ClusterTree tree, int level, long[] tiles) {
        long[] clusterOfTile = clusterOfTile(tree, level);
        long[] counts = new long[tree.level(level).clusterCount()];
        for (long t : tiles) {
            long c = clusterOfTile[Math.toIntExact(t)];
            if (c >= 0) {
                counts[(int) c]++;
            }
        }
        return counts;
    }

    /**
     * Draws {@code size} distinct tiles uniformly at random among those the tree holds: the
     * baseline a curated subset is compared with.
     *
     * @param tree the tree
     * @param size subset size, at most the number of tiles the tree holds
     * @param seed random seed
     */
    public static long[] uniformSubset(ClusterTree tree, int size, long seed) {
        long[] held = tree.level(1).members().clone();
        if (size > held.length) {
            throw new IllegalArgumentException("a uniform subset of " + size
                    + " tiles needs at least that many, the tree holds " + held.length);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(held.length - i);
            long swap = held[i];
            held[i] = held[j];
            held[j] = swap;
        }
        return Arrays.copyOf(held, size);
    }

    /** Returns, per tile, its cluster at {@code level}, or -1 when no cluster holds it. */
    public static long[] clusterOfTile(ClusterTree tree, int level) {
        long[] cluster = tree.level(1).assignment(tree.tileCount());
        for (int l = 2; l <= level; l++) {
            long[] up = tree.level(l).assignment(tree.level(l - 1).clusterCount());
            for (int t = 0; t < cluster.length; t++) {
                cluster[t] = cluster[t] < 0 ? -1 : up[(int) cluster[t]];
            }
        }
        return cluster;
    }
}
