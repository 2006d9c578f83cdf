package dev.curate.engine.kmeans;

/**
 * Settings of one tree level (Vo et al. 2024, section 4; published config keys in brackets).
 *
 * @param clusters number of clusters k of the level [n_clusters], at least 1
 * @param resamplingSteps number of k-means runs m, the first on all points and each later one
 *     on a resample [n_resampling_steps], at least 1
 * @param sampleSize points r taken per cluster in each resampling step [sample_size], at
 *     least 1 (unused when {@code resamplingSteps == 1})
 * @param splits sub-clusters per cluster s [n_splits], at least 1; above 1 only with
 *     {@code resamplingSteps == 1}
 * @param iters Lloyd iterations per k-means run [n_iters], at least 1
 */
public record LevelParams(int clusters, int resamplingSteps, int sampleSize, int splits,
        int iters) {

    /** Checks the ranges and the splitting rule. */
    public LevelParams {
        requireAtLeast1("clusters", clusters);
        requireAtLeast1("resamplingSteps", resamplingSteps);
        requireAtLeast1("sampleSize", sampleSize);
        requireAtLeast1("splits", splits);
        requireAtLeast1("iters", iters);
        if (splits > 1 && resamplingSteps > 1) {
            throw new IllegalArgumentException("splits " + splits + " need resamplingSteps 1, got "
                    + resamplingSteps + " (splitting follows a single k-means run)");
        }
    }

    private static void requireAtLeast1(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
