package dev.curate.engine.kmeans;

import dev.curate.engine.accel.ClusterSums;

/**
 * The outcome of one assign step over all rows of a {@link VectorSource}: the nearest centroid
 * and its squared distance per row, and the exact sum and count of the rows of every centroid.
 * Lloyd's update step needs only {@code sums} and {@code counts}; the labels and distances
 * count changed labels, give the objective and sort a level's clusters.
 *
 * @param labels nearest centroid per row, in {@code [0, k)}, one entry per row
 * @param distances squared distance of each row to its centroid, one entry per row
 * @param sums exact sums of the rows of every centroid
 * @param counts rows per centroid, {@code k} entries
 */
public record AssignPass(int[] labels, float[] distances, ClusterSums sums, long[] counts) {

    /** Checks that the arrays fit {@code rows} rows, {@code k} centroids and {@code dim}. */
    void checkShape(long rows, int k, int dim) {
        if (labels.length != rows || distances.length != rows || counts.length != k
                || sums.k() != k || sums.dim() != dim) {
            throw new IllegalStateException("assign pass has " + labels.length + " labels, "
                    + distances.length + " distances, " + counts.length + " counts and "
                    + sums + "; expected " + rows + " rows, " + k + " counts and sums of k = "
                    + k + ", dim = " + dim);
        }
    }
}
