package dev.curate.engine.kmeans;

/**
 * A {@link VectorSource} that runs the assign step itself, where its rows live: a pool sharded
 * over several machines broadcasts the centroids to its shards and reduces their partial sums,
 * instead of streaming every row to the caller. {@link KMeans} runs every Lloyd iteration over
 * such a source as {@link #assignStep}, which brings back only the sums, counts, changed count
 * and objective, and fetches labels and distances with {@link #lastAssignment} once a k-means
 * run ends; initialisation, the distinct-row check and resampling still read it through
 * {@link #scan} and {@link #readRow}.
 *
 * <p>To give the tree of a single-machine run, an implementation must return the labels and
 * distances {@link KMeans#assignLocally} would give for the same rows; the sums and the
 * objective are then equal too, since both are added exactly
 * ({@link dev.curate.engine.accel.ClusterSums}, {@link dev.curate.engine.accel.ExactFloatSum}).
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

    /**
     * Runs one assign step like {@link #assignAll} but keeps the labels and distances where
     * the rows are.
     *
     * @param centroids row-major {@code k x dim()} centroids; not modified
     * @param k number of centroids, at least 1
     * @param continuing whether to count changed labels against the previous step (the step
     *     before in the same k-means run); otherwise every row counts as changed
     * @return sums, counts, changed count and objective
     */
    AssignSummary assignStep(float[] centroids, int k, boolean continuing);

    /**
     * Returns the labels and distances of the last {@link #assignStep}, in row order.
     *
     * @return labels and distances; sums and counts as that step returned them
     * @throws IllegalStateException when no step ran
     */
    AssignPass lastAssignment();
}
