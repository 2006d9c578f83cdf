package dev.curate.engine.kmeans;

/**
 * Summary of one finished tree level, for logs, progress and run metadata.
 *
 * @param level the level, from 1 (finest)
 * @param levels number of levels of the run
 * @param inputs points clustered on this level (tiles on level 1, clusters below otherwise)
 * @param requestedClusters clusters asked for ({@code n_clusters}, times the splits)
 * @param clusters non-empty clusters kept on the level
 * @param emptyDropped clusters that ended empty and were dropped (or never formed because a
 *     resample or a split cluster held fewer distinct points than asked)
 * @param minSize smallest cluster size
 * @param medianSize median cluster size (the lower middle for an even count)
 * @param maxSize largest cluster size
 * @param objective sum of squared distances of the inputs to their cluster's centroid
 * @param seconds wall time of the level
 */
public record LevelStats(int level, int levels, long inputs, int requestedClusters,
        int clusters, int emptyDropped, long minSize, long medianSize, long maxSize,
        double objective, double seconds) {
}
