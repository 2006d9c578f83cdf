package dev.curate.engine.tree;

import java.util.Arrays;
import java.util.Objects;

/**
 * One level of a cluster tree in CSR layout: cluster {@code c} has the members
 * {@code members[offsets[c] .. offsets[c + 1])}. At level 1 a member is a global tile index;
 * at level {@code l > 1} it is a cluster index of level {@code l - 1}. Members of a cluster are
 * sorted by distance to its centroid, closest first (for an imported tree: in file order).
 *
 * <p>The arrays are owned by the level and must not be changed after construction.
 *
 * @param offsets {@code k + 1} non-decreasing offsets, first 0, last {@code members.length}
 * @param members member indices, grouped by cluster
 * @param centroids row-major {@code k x dim} centroids, or {@code null} for an imported tree
 * @param dim centroid dimension, or 0 when there are no centroids
 */
public record TreeLevel(long[] offsets, long[] members, float[] centroids, int dim) {

    /** Checks the CSR invariants and the centroid shape. */
    public TreeLevel {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(members, "members");
        if (offsets.length < 1 || offsets[0] != 0
                || offsets[offsets.length - 1] != members.length) {
            throw new IllegalArgumentException("offsets must start at 0 and end at "
                    + members.length + " (the member count)");
        }
        for (int c = 0; c + 1 < offsets.length; c++) {
            if (offsets[c + 1] < offsets[c]) {
                throw new IllegalArgumentException("offsets decrease at cluster " + c + ": "
                        + offsets[c] + " then " + offsets[c + 1]);
            }
        }
        int k = offsets.length - 1;
        if (centroids != null && (dim < 1 || (long) k * dim != centroids.length)) {
            throw new IllegalArgumentException("centroids of " + k + " clusters x " + dim
                    + " dims need " + (long) k * dim + " values, got " + centroids.length);
        }
    }

    /** Returns the number of clusters on this level. */
    public int clusterCount() {
        return offsets.length - 1;
    }

    /** Returns the number of direct members of cluster {@code c}. */
    public int size(int c) {
        return (int) (offsets[c + 1] - offsets[c]);
    }

    /** Returns whether this level carries centroids. */
    public boolean hasCentroids() {
        return centroids != null;
    }

    /**
     * Returns, for each member index {@code 0 .. memberUniverse - 1}, the cluster holding it,
     * or -1 when no cluster holds it (a tile skipped at ingest).
     */
    public long[] assignment(long memberUniverse) {
        long[] out = new long[Math.toIntExact(memberUniverse)];
        Arrays.fill(out, -1);
        for (int c = 0; c < clusterCount(); c++) {
            for (long i = offsets[c]; i < offsets[c + 1]; i++) {
                out[(int) members[(int) i]] = c;
            }
        }
        return out;
    }
}
