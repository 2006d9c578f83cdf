package dev.curate.engine.tree;

import dev.curate.engine.kmeans.SamplingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The size-versus-balance trade-off of a tree: for each target size T, how evenly a curated
 * subset spreads over the top clusters compared with a uniform subset of the same size, and
 * how many duplicates a multiplier brings. Small T gives a near-flat curated spread; as T
 * approaches the pool, the curated subset tends to the pool's own (uneven) spread.
 */
public final class SpreadCurve {

    private SpreadCurve() {
    }

    /**
     * One target's numbers.
     *
     * @param target T, entries asked for
     * @param size entries drawn with multiplier 1 (at most the tiles in the tree)
     * @param curated spread of the curated subset (multiplier 1) over the top clusters
     * @param uniform spread of a uniform subset of the same size
     * @param multiplier the multiplier M used for {@code duplicates}
     * @param drawnWithMultiplier entries drawn with multiplier M
     * @param duplicates entries repeating an earlier tile when drawing T with multiplier M
     */
    public record Point(long target, long size, SizeSummary curated, SizeSummary uniform,
            int multiplier, long drawnWithMultiplier, long duplicates) {
    }

    /**
     * Computes the curve; one curated draw with multiplier 1, one with {@code multiplier} and
     * one uniform draw per target, all with {@code seed}.
     *
     * @param tree the tree, at least one level
     * @param targets target sizes, each at least 1
     * @param multiplier M for the duplicates column, at least 1
     * @param strategy the sampler's strategy
     * @param seed seed of every draw
     * @return one point per target, in the given order
     * @throws IllegalArgumentException if a target or the multiplier is out of range
     */
    public static List<Point> compute(ClusterTree tree, long[] targets, int multiplier,
            SamplingStrategy strategy, long seed) {
        Objects.requireNonNull(tree, "tree");
        int top = tree.depth();
        List<Point> out = new ArrayList<>(targets.length);
        for (long target : targets) {
            if (target < 1) {
                throw new IllegalArgumentException("spread curve target must be at least 1,"
                        + " got " + target);
            }
            HierarchicalSampler.Result once = HierarchicalSampler.sample(tree,
                    new HierarchicalSampler.Request(target, 1, strategy, seed));
            HierarchicalSampler.Result many = HierarchicalSampler.sample(tree,
                    new HierarchicalSampler.Request(target, multiplier, strategy, seed));
            int size = once.indices().length;
            long[] curated = SubsetSpread.countsPerCluster(tree, top, once.indices());
            long[] uniform = SubsetSpread.countsPerCluster(tree, top,
                    SubsetSpread.uniformSubset(tree, size, seed));
            out.add(new Point(target, size, SizeSummary.of(curated), SizeSummary.of(uniform),
                    multiplier, many.indices().length, many.duplicates()));
        }
        return out;
    }

    /**
     * Returns targets spread evenly on a log scale from {@code min} to {@code max}.
     *
     * @param min the first target, at least 1
     * @param max the last target, at least {@code min}
     * @param count number of targets, at least 2
     * @return strictly increasing targets from {@code min} to {@code max} (repeats removed)
     */
    public static long[] logTargets(long min, long max, int count) {
        if (min < 1 || max < min || count < 2) {
            throw new IllegalArgumentException("log targets need 1 <= min <= max and count >= 2,"
                    + " got min=" + min + ", max=" + max + ", count=" + count);
        }
        List<Long> values = new ArrayList<>();
        double step = Math.log((double) max / min) / (count - 1);
        for (int i = 0; i < count; i++) {
            long v = i == count - 1 ? max : Math.round(min * Math.exp(step * i));
            if (values.isEmpty() || v > values.get(values.size() - 1)) {
                values.add(v);
            }
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
