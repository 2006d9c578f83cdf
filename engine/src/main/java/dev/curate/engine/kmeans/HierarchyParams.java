package dev.curate.engine.kmeans;

import java.util.List;
import java.util.Objects;

/**
 * Settings of a whole hierarchical k-means run.
 *
 * @param levels per-level settings, finest (level 1) first; at least one
 * @param strategy how resampling steps pick each cluster's points [sampling_strategy]
 * @param init how each k-means run starts
 * @param seed the seed every random choice derives from; any value, negatives included
 */
public record HierarchyParams(List<LevelParams> levels, SamplingStrategy strategy,
        InitMethod init, long seed) {

    /** Checks that there is a level and that no level asks for more clusters than it gets. */
    public HierarchyParams {
        levels = List.copyOf(Objects.requireNonNull(levels, "levels"));
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(init, "init");
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("at least one level is needed, got none");
        }
        for (int l = 1; l < levels.size(); l++) {
            // a split level yields up to clusters x splits clusters (the published web config)
            long below = (long) levels.get(l - 1).clusters() * levels.get(l - 1).splits();
            int asked = levels.get(l).clusters();
            if (asked > below) {
                throw new IllegalArgumentException("level " + (l + 1) + " asks for " + asked
                        + " clusters but level " + l + " produces at most " + below);
            }
        }
    }

    /** Returns the number of levels. */
    public int depth() {
        return levels.size();
    }
}
