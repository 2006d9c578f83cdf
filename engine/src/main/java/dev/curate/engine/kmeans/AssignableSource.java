package dev.curate.engine.kmeans;

/**
 * A {@link VectorSource} that runs the assign step itself, where its rows live: a pool sharded
 * over several machines broadcasts the centroids to its shards and reduces their partial sums,
 * instead of streaming every row to the caller. {@link KMeans} uses {@link #assignAll} for
 * every assign step over such a source; initialisation, the distinct-row check and resampling
 * still read it through {@link #scan} and {@link #readRow}.
 *
 * <p>To give the tree of a single-machine run, an implementation must return the labels and
 * distances {@link KMeans#assignLocally} would give for the same rows, and sums equal to its
 * sums up to float64 rounding (see {@link #assignAll}).
 */
public interface AssignableSource extends VectorSource {

    /**
     * Assigns every row to its nearest centroid (squared Euclidean, ties to the lower index)
     * and sums the rows of every centroid in float64.
     *
     * <p>Partial sums of disjoint row sets added in another order than row order may differ
     * from a sequential sum in the last float64 bits; implementations add them in a fixed
     * order so the same input and seed always give the same result.
     *
     * @param centroids row-major {@code k x dim()} centroids; not modified
     * @param k number of centroids, at least 1
     * @return labels and distances per row in row order, sums and counts per centroid
     */
    AssignPass assignAll(float[] centroids, int k);
}
