package dev.curate.engine.tree;

import java.util.List;
import java.util.Objects;

/**
 * A hierarchical k-means tree: level 1 clusters index tiles, level {@code l} clusters index the
 * clusters of level {@code l - 1}. Levels are numbered from 1 (finest) to {@link #depth()}
 * (coarsest, the top). Immutable once built.
 *
 * @param levels the levels, finest first; at least one
 * @param tileCount the number of tiles (global row numbers {@code 0 .. tileCount - 1}) the
 *     tree was built over, including any that no cluster holds
 */
public record ClusterTree(List<TreeLevel> levels, long tileCount) {

    /** Checks that every level's members index the level below. */
    public ClusterTree {
        levels = List.copyOf(Objects.requireNonNull(levels, "levels"));
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a tree needs at least one level");
        }
        for (int l = 1; l < levels.size(); l++) {
            int below = levels.get(l - 1).clusterCount();
            for (long m : levels.get(l).members()) {
                if (m < 0 || m >= below) {
                    throw new IllegalArgumentException("level " + (l + 1) + " member " + m
                            + " is not a cluster of level " + l + " (which has " + below + ")");
                }
            }
        }
    }

    /** Returns the number of levels. */
    public int depth() {
        return levels.size();
    }

    /** Returns level {@code l}, numbered from 1 (finest) to {@link #depth()}. */
    public TreeLevel level(int l) {
        if (l < 1 || l > levels.size()) {
            throw new IllegalArgumentException("level " + l + " is outside 1.." + levels.size());
        }
        return levels.get(l - 1);
    }

    /**
     * Returns the flat size of every cluster of level {@code l}: the number of tiles under it.
     */
    public long[] flatSizes(int l) {
        TreeLevel level = level(l);
        long[] sizes = new long[level.clusterCount()];
        long[] below = l == 1 ? null : flatSizes(l - 1);
        for (int c = 0; c < sizes.length; c++) {
            if (below == null) {
                sizes[c] = level.size(c);
            } else {
                long sum = 0;
                for (long i = level.offsets()[c]; i < level.offsets()[c + 1]; i++) {
                    sum += below[(int) level.members()[(int) i]];
                }
                sizes[c] = sum;
            }
        }
        return sizes;
    }
}
