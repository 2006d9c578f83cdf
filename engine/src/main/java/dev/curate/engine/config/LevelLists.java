package dev.curate.engine.config;

import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.InitMethod;
import dev.curate.engine.kmeans.LevelParams;
import dev.curate.engine.kmeans.SamplingStrategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns per-level lists (cluster counts, resampling steps, sample sizes, splits, iterations)
 * into {@link HierarchyParams}, with the same checks and messages for a YAML config and for the
 * command line; only the names in the messages differ ({@link Names#YAML} or {@link Names#CLI}).
 *
 * <p>Every list must have one value per level; a longer sample-size list (as in a published
 * config) is allowed with a warning naming the ignored values. Stateless and thread safe.
 */
public final class LevelLists {

    private LevelLists() {
    }

    /**
     * How a message names each setting.
     *
     * @param levels the number of levels
     * @param clusters the cluster counts
     * @param resamplingSteps the resampling steps
     * @param sampleSizes the sample sizes
     * @param splits the splits
     * @param iters the Lloyd iterations
     */
    public record Names(String levels, String clusters, String resamplingSteps,
            String sampleSizes, String splits, String iters) {

        /** The published YAML key names. */
        public static final Names YAML = new Names("n_levels", "n_clusters",
                "n_resampling_steps", "sample_size", "n_splits", "n_iters");

        /** The command-line option names. */
        public static final Names CLI = new Names("--levels", "--clusters",
                "--resampling-steps", "--sample-sizes", "--splits", "--iters");
    }

    /**
     * Validated hierarchy settings and the warnings to show the user.
     *
     * @param params the hierarchy parameters
     * @param warnings messages about accepted but ignored values, in input order; may be empty
     */
    public record Result(HierarchyParams params, List<String> warnings) {

        /** Copies the warnings. */
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Builds hierarchy parameters from per-level lists.
     *
     * @param names how messages name each setting
     * @param levels the number of levels, or {@code null} to take the length of
     *     {@code clusters}
     * @param clusters cluster count per level, finest first; required
     * @param resamplingSteps resampling steps per level, or {@code null} for 1 on every level
     * @param sampleSizes sample size per level (extra values are ignored with a warning), or
     *     {@code null} for 1 on every level, which is allowed only without resampling
     * @param splits splits per level, or {@code null} for 1 on every level
     * @param iters Lloyd iterations per level; a single value applies to every level
     * @param strategy the resampling strategy
     * @param init the k-means initialisation
     * @param seed the seed; any value
     * @return the parameters and warnings
     * @throws IllegalArgumentException naming the setting, its count and the level count when a
     *     list length does not match, or naming the level when a value is out of range
     */
    public static Result build(Names names, Integer levels, List<Integer> clusters,
            List<Integer> resamplingSteps, List<Integer> sampleSizes, List<Integer> splits,
            List<Integer> iters, SamplingStrategy strategy, InitMethod init, long seed) {
        if (clusters == null || clusters.isEmpty()) {
            throw new IllegalArgumentException(names.clusters() + " is required: give one "
                    + "cluster count per level");
        }
        int n = levels == null ? clusters.size() : levels;
        if (n < 1) {
            throw new IllegalArgumentException(names.levels() + " must be at least 1, got " + n);
        }
        List<String> warnings = new ArrayList<>();
        List<Integer> k = exact(clusters, names.clusters(), names, n);
        List<Integer> steps = orOnes(exact(resamplingSteps, names.resamplingSteps(), names, n),
                n);
        List<Integer> sizes = sampleSizes(sampleSizes, names, n, steps, warnings);
        List<Integer> sp = orOnes(exact(splits, names.splits(), names, n), n);
        List<Integer> it = iters != null && iters.size() == 1
                ? Collections.nCopies(n, iters.get(0)) : exact(iters, names.iters(), names, n);
        if (it == null) {
            throw new IllegalArgumentException(names.iters() + " is required");
        }
        List<LevelParams> out = new ArrayList<>(n);
        for (int l = 0; l < n; l++) {
            try {
                out.add(new LevelParams(k.get(l), steps.get(l), sizes.get(l), sp.get(l),
                        it.get(l)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("level " + (l + 1) + ": " + e.getMessage(), e);
            }
        }
        return new Result(new HierarchyParams(out, strategy, init, seed), warnings);
    }

    /**
     * Builds hierarchy parameters from command-line lists, with option names in messages
     * (for example {@code --clusters has 2 values but --levels is 3}).
     *
     * @param levels the value of {@code --levels}, or {@code null} to use the length of
     *     {@code --clusters}
     * @param clusters {@code --clusters}, one count per level; required
     * @param resamplingSteps {@code --resampling-steps}, or {@code null} for 1 per level
     * @param sampleSizes {@code --sample-sizes}, or {@code null} when no level resamples
     * @param splits {@code --splits}, or {@code null} for 1 per level
     * @param iters {@code --iters}, Lloyd iterations of every level, at least 1
     * @param strategy {@code --sampling-strategy}
     * @param init the k-means initialisation
     * @param seed {@code --seed}; any value, negatives included
     * @return the parameters and warnings
     * @throws IllegalArgumentException as {@link #build}
     */
    public static Result fromLists(Integer levels, List<Integer> clusters,
            List<Integer> resamplingSteps, List<Integer> sampleSizes, List<Integer> splits,
            int iters, SamplingStrategy strategy, InitMethod init, long seed) {
        return build(Names.CLI, levels, clusters, resamplingSteps, sampleSizes, splits,
                List.of(iters), strategy, init, seed);
    }

    private static List<Integer> exact(List<Integer> values, String name, Names names, int n) {
        if (values != null && values.size() != n) {
            throw new IllegalArgumentException(name + " has " + values.size() + " values but "
                    + names.levels() + " is " + n);
        }
        return values;
    }

    private static List<Integer> orOnes(List<Integer> values, int n) {
        return values == null ? Collections.nCopies(n, 1) : values;
    }

    private static List<Integer> sampleSizes(List<Integer> sizes, Names names, int n,
            List<Integer> steps, List<String> warnings) {
        if (sizes == null) {
            for (int l = 0; l < n; l++) {
                if (steps.get(l) > 1) {
                    throw new IllegalArgumentException(names.sampleSizes() + " is required: level "
                            + (l + 1) + " has " + steps.get(l) + " resampling steps");
                }
            }
            return Collections.nCopies(n, 1);
        }
        if (sizes.size() < n) {
            exact(sizes, names.sampleSizes(), names, n);
        }
        if (sizes.size() > n) {
            warnings.add(names.sampleSizes() + " has " + sizes.size() + " values but "
                    + names.levels() + " is " + n + "; ignoring the extra values "
                    + sizes.subList(n, sizes.size()));
        }
        return sizes.subList(0, n);
    }
}
