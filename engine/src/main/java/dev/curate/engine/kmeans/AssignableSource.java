package dev.curate.engine.kmeans;

/**
 * A {@link VectorSource} that runs the assign step itself, where its rows live: a pool sharded
 * over several machines broadcasts the centroids to its shards and reduces their partial sums,
 * instead of streaming every row to the caller. {@link KMeans} uses {@link #assignAll} for
 * every assign step over such a source; initialisation, the distinct-row check and resampling
 * still read it through {@link #scan} and {@link #readRow}.
 *
 * <p>To give the tree of a single-machine run, an implementation must return the labels and
 * distances {@link KMeans#assignLocally} would give for the same rows; the sums are then equal
 * too, since {@link dev.curate.engine.accel.ClusterSums} are exact.
 */
public interface AssignableSource extends VectorSource {

    /**
     * Assigns every row to its nearest centroid (squared Euclidean, ties to the lower index)
     * and sums the rows of every centroid exactly: partial sums of disjoint row sets may be
     * added in any order, the result has the same bits.
     *
     * @param centroids row-major {@code k x dim()} centroids; not modified
     * @param k number of centroids, at least 1
     * @return labels and distances per row in row order, sums and counts per centroid
     */
    AssignPass assignAll(float[] centroids, int k);
}
