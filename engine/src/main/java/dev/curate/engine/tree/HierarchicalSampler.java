package dev.curate.engine.tree;

import dev.curate.engine.kmeans.SamplingStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws a balanced curated subset of a {@link ClusterTree} top-down (Vo et al. 2024,
 * arXiv 2405.15613, section 4.3; SPEC 4.5): the target is split among the top clusters by
 * {@link WaterFilling}, then recursively among each cluster's children down to level 1, where a
 * level-1 cluster with {@code n} members and quota {@code q} yields {@code floor(q / n)} full
 * copies of its member list and then {@code q mod n} distinct members, the closest to the
 * centroid first ({@code c}) or uniformly at random ({@code r}).
 *
 * <p>A child's capacity is {@code multiplier * flatSize}; tiles repeat only when the multiplier
 * is above 1. The output order is: top clusters in index order, inside a cluster its members in
 * member order, recursively; inside a level-1 cluster the full copies first (member order), then
 * the extra members in the order they were chosen. The same tree, request and seed give the same
 * output.
 *
 * <p>Stateless; each call uses its own random generator seeded from the request.
 */
// LIMIT: the subset is one Java array, so a target above 2^31 - 9 entries fails with a clear
// error; draw per top-level cluster or lower the target.
public final class HierarchicalSampler {

    private static final Logger LOG = LoggerFactory.getLogger(HierarchicalSampler.class);

    private HierarchicalSampler() {
    }

    /**
     * What to draw.
     *
     * @param target the number of entries T wanted, at least 0; the result holds
     *     {@code min(T, multiplier * tiles in the tree)} entries
     * @param multiplier M, how many times a tile may appear, at least 1; only integers, as in
     *     the published use of the reference tools
     * @param strategy which extra members a level-1 cluster gives when its quota is not a
     *     multiple of its size
     * @param seed the seed of every random choice; any value
     */
    public record Request(long target, int multiplier, SamplingStrategy strategy, long seed) {

        /** Checks the ranges. */
        public Request {
            Objects.requireNonNull(strategy, "strategy");
            if (target < 0) {
                throw new IllegalArgumentException("target must be at least 0, got " + target);
            }
            if (multiplier < 1) {
                throw new IllegalArgumentException("multiplier must be at least 1, got "
                        + multiplier);
            }
        }
    }

    /**
     * What one top-level cluster contributed: a row of {@code stats.csv}.
     *
     * @param cluster the top-level cluster index
     * @param fullSize tiles under the cluster (its flat size)
     * @param quota entries the water-filling gave it
     * @param taken entries it yielded (equal to the quota)
     * @param duplicates entries beyond the first occurrence of a tile (0 when the multiplier
     *     is 1)
     */
    public record ClusterStats(int cluster, long fullSize, long quota, long taken,
            long duplicates) {
    }

    /**
     * A curated subset.
     *
     * @param indices global tile indices, in the order described on {@link HierarchicalSampler}
     * @param stats one row per top-level cluster, in cluster order
     */
    public record Result(long[] indices, List<ClusterStats> stats) {

        /** Returns the number of entries that repeat an earlier tile. */
        public long duplicates() {
            return stats.stream().mapToLong(ClusterStats::duplicates).sum();
        }
    }

    /**
     * Draws a curated subset of {@code tree}.
     *
     * @param tree the tree to draw from; not changed
     * @param request the target, multiplier, strategy and seed
     * @return the drawn tile indices and per-top-cluster statistics
     * @throws IllegalArgumentException when the result would not fit one Java array
     */
    public static Result sample(ClusterTree tree, Request request) {
        long[][] flat = flatSizesPerLevel(tree);
        int top = tree.depth();
        long[] topFlat = flat[top - 1];
        long available = 0;
        for (long s : topFlat) {
            available += s;
        }
        long total = Math.min(request.target(), Math.multiplyExact(available,
                (long) request.multiplier()));
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a curated subset of " + total
                    + " entries does not fit one Java array (at most 2^31 - 9); lower the target");
        }
        Walk walk = new Walk(tree, flat, request, new long[(int) total]);
        long[] quotas = WaterFilling.split(capacities(topFlat, request.multiplier()),
                request.target(), walk.rng);
        List<ClusterStats> stats = new ArrayList<>(quotas.length);
        for (int c = 0; c < quotas.length; c++) {
            long before = walk.written;
            long distinctBefore = walk.distinct;
            walk.visit(top, c, quotas[c]);
            long taken = walk.written - before;
            stats.add(new ClusterStats(c, topFlat[c], quotas[c], taken,
                    taken - (walk.distinct - distinctBefore)));
        }
        Result result = new Result(walk.out, List.copyOf(stats));
        LOG.info("curated subset: {} entries of target {} from {} tiles, multiplier {}, "
                + "strategy {}, seed {}, {} repeated", total, request.target(), available,
                request.multiplier(), request.strategy().code(), request.seed(),
                result.duplicates());
        return result;
    }

    /** Returns the flat sizes of every level, finest first, computed bottom-up once. */
    static long[][] flatSizesPerLevel(ClusterTree tree) {
        long[][] flat = new long[tree.depth()][];
        for (int l = 1; l <= tree.depth(); l++) {
            TreeLevel level = tree.level(l);
            long[] sizes = new long[level.clusterCount()];
            for (int c = 0; c < sizes.length; c++) {
                if (l == 1) {
                    sizes[c] = level.size(c);
                } else {
                    for (long i = level.offsets()[c]; i < level.offsets()[c + 1]; i++) {
                        sizes[c] += flat[l - 2][(int) level.members()[(int) i]];
                    }
                }
            }
            flat[l - 1] = sizes;
        }
        return flat;
    }

    private static long[] capacities(long[] flatSizes, int multiplier) {
        long[] caps = new long[flatSizes.length];
        for (int i = 0; i < caps.length; i++) {
            caps[i] = Math.multiplyExact(flatSizes[i], (long) multiplier);
        }
        return caps;
    }

    /** The state of one top-down pass: where the next entry goes, and the random source. */
    private static final class Walk {

        private final ClusterTree tree;
        private final long[][] flat;
        private final Request request;
        private final long[] out;
        private final SplittableRandom rng;
        private int written;
        private long distinct;

        Walk(ClusterTree tree, long[][] flat, Request request, long[] out) {
            this.tree = tree;
            this.flat = flat;
            this.request = request;
            this.out = out;
            this.rng = new SplittableRandom(request.seed());
        }

        /** Emits {@code quota} entries from cluster {@code c} of level {@code l}. */
        void visit(int l, int c, long quota) {
            if (quota == 0) {
                return;
            }
            TreeLevel level = tree.level(l);
            if (l == 1) {
                takeFromLeaf(level, c, (int) quota);
                return;
            }
            int from = (int) level.offsets()[c];
            int n = level.size(c);
            long[] caps = new long[n];
            for (int i = 0; i < n; i++) {
                int child = (int) level.members()[from + i];
                caps[i] = flat[l - 2][child] * request.multiplier();
            }
            long[] quotas = WaterFilling.split(caps, quota, rng);
            for (int i = 0; i < n; i++) {
                visit(l - 1, (int) level.members()[from + i], quotas[i]);
            }
        }

        /** Full copies of the member list, then the remainder by the request's strategy. */
        private void takeFromLeaf(TreeLevel level, int c, int quota) {
            int from = (int) level.offsets()[c];
            int n = level.size(c);
            long[] members = level.members();
            int copies = quota / n;
            int rest = quota - copies * n;
            for (int k = 0; k < copies; k++) {
                System.arraycopy(members, from, out, written, n);
                written += n;
            }
            distinct += copies > 0 ? n : rest;
            if (request.strategy() == SamplingStrategy.CLOSEST) {
                System.arraycopy(members, from, out, written, rest);
                written += rest;
                return;
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int j = 0; j < rest; j++) {
                int pick = j + rng.nextInt(n - j);
                int chosen = order[pick];
                order[pick] = order[j];
                order[j] = chosen;
                out[written++] = members[from + chosen];
            }
        }
    }
}
