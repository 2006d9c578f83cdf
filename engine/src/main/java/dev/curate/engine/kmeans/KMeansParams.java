package dev.curate.engine.kmeans;

import java.util.Objects;

/**
 * Settings of one k-means run (SPEC 4.1).
 *
 * @param k number of clusters, at least 1; at most the number of distinct input rows
 * @param iters Lloyd iterations, at least 1; the run stops earlier when no label changes
 * @param init how the first centroids are picked
 * @param seed seed of every random choice of the run; any value
 */
public record KMeansParams(int k, int iters, InitMethod init, long seed) {

    /** Checks the ranges. */
    public KMeansParams {
        Objects.requireNonNull(init, "init");
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (iters < 1) {
            throw new IllegalArgumentException("iters must be at least 1, got " + iters);
        }
    }
}
