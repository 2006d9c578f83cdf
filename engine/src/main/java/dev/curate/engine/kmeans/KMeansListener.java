package dev.curate.engine.kmeans;

/**
 * Receives the progress of a k-means run, for progress bars, the event bus and the web page.
 * Called on the thread that runs k-means; keep it quick.
 */
@FunctionalInterface
public interface KMeansListener {

    /** A listener that ignores everything. */
    KMeansListener NONE = stats -> { };

    /**
     * Called after each Lloyd iteration's assign step.
     *
     * @param stats the iteration's objective, empty clusters and throughput
     */
    void onIteration(IterationStats stats);

    /**
     * Called while a k-means++ initialisation chooses its centres, after each one (over a
     * sharded pool each costs a scan of all rows, so this is the progress of a long wait).
     * Does nothing by default.
     *
     * @param chosen centres chosen so far, 1 to {@code k}
     * @param k centres to choose
     */
    default void onInit(int chosen, int k) {
    }

    /**
     * Called after the initialisation ({@code iteration} 0) and after each Lloyd update, with
     * the state that {@link KMeans#resume} continues from. Does nothing by default.
     *
     * @param iteration updates done so far
     * @param centroids the current centroids (a copy the listener may keep)
     * @param previous the centroids before the last update (a copy), {@code null} at 0
     */
    default void onState(int iteration, float[] centroids, float[] previous) {
    }
}
