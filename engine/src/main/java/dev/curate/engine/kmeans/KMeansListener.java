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
}
