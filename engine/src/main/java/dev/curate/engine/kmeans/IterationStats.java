package dev.curate.engine.kmeans;

/**
 * Progress of one Lloyd iteration, measured at its assign step.
 *
 * @param iteration the iteration, from 1 to {@code maxIterations}
 * @param maxIterations the iterations asked for
 * @param objective sum of squared distances of the points to their nearest centroid
 * @param emptyClusters centroids that received no point in this assign step
 * @param changed points whose label changed since the previous iteration (all on the first)
 * @param pointsPerSecond assign throughput of this iteration
 * @param seconds wall time of this iteration's assign step
 */
public record IterationStats(int iteration, int maxIterations, double objective,
        int emptyClusters, long changed, double pointsPerSecond, double seconds) {
}
