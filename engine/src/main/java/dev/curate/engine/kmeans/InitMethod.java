package dev.curate.engine.kmeans;

/** How a k-means run picks its first centroids. */
public enum InitMethod {
    /** Greedy k-means++: {@code 2 + floor(ln k)} candidates per step, best potential kept. */
    KMEANS_PLUS_PLUS,
    /** k distinct rows drawn uniformly at random. */
    RANDOM,
    /** k-means|| (Bahmani et al. 2012): a few oversampling passes, for very large k. */
    KMEANS_PARALLEL
}
