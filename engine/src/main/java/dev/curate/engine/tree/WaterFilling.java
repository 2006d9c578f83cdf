package dev.curate.engine.tree;

import java.util.SplittableRandom;

/**
 * Splits an integer target among children with integer capacities by water-filling: every child
 * gets the same amount, capped at its capacity, and the few units the cut leaves go one each to
 * randomly chosen children that still have room (Vo et al. 2024, arXiv 2405.15613, section 4.3,
 * balanced sampling). The same rule gives exact per-group quotas to the metadata sampler.
 *
 * <p>Stateless; safe to call from any thread with its own random generator.
 */
public final class WaterFilling {

    private WaterFilling() {
    }

    /**
     * Returns the quota of every child.
     *
     * <p>When the capacities sum to at most {@code target}, every child gets its capacity.
     * Otherwise the cut {@code t} is the largest integer with {@code sum(min(t, c_i)) <= target};
     * each child gets {@code min(t, c_i)} and the remaining units go one each to distinct
     * children with {@code c_i > t}, chosen uniformly at random. The quotas sum to
     * {@code min(target, sum(c_i))}.
     *
     * @param capacities the most each child can take, each at least 0; not changed
     * @param target the units to hand out, at least 0
     * @param rng the source of the random tie-break; consumed only when units remain after the
     *     cut
     * @return one quota per child, in the order of {@code capacities}
     * @throws IllegalArgumentException when the target or a capacity is negative
     */
    public static long[] split(long[] capacities, long target, SplittableRandom rng) {
        if (target < 0) {
            throw new IllegalArgumentException("target must be at least 0, got " + target);
        }
        long total = 0;
        long max = 0;
        for (int i = 0; i < capacities.length; i++) {
            if (capacities[i] < 0) {
                throw new IllegalArgumentException("capacity of child " + i
                        + " must be at least 0, got " + capacities[i]);
            }
            total = Math.addExact(total, capacities[i]);
            max = Math.max(max, capacities[i]);
        }
        if (total <= target) {
            return capacities.clone();
        }
        long cut = largestCut(capacities, target, max);
        long[] quotas = new long[capacities.length];
        long given = 0;
        for (int i = 0; i < capacities.length; i++) {
            quotas[i] = Math.min(cut, capacities[i]);
            given += quotas[i];
        }
        distributeRest(capacities, quotas, cut, target - given, rng);
        return quotas;
    }

    /**
     * Returns the largest {@code t} in {@code [0, max)} with {@code sum(min(t, c_i)) <= target}.
     */
    static long largestCut(long[] capacities, long target, long max) {
        long lo = 0;
        long hi = max;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (filled(capacities, mid) <= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static long filled(long[] capacities, long cut) {
        long sum = 0;
        for (long c : capacities) {
            sum += Math.min(cut, c);
        }
        return sum;
    }

    /**
     * Adds one unit to each of {@code rest} distinct children above the cut, chosen by a
     * partial Fisher-Yates shuffle of those children.
     */
    private static void distributeRest(long[] capacities, long[] quotas, long cut, long rest,
            SplittableRandom rng) {
        if (rest == 0) {
            return;
        }
        int open = 0;
        for (long c : capacities) {
            if (c > cut) {
                open++;
            }
        }
        int[] candidates = new int[open];
        int n = 0;
        for (int i = 0; i < capacities.length; i++) {
            if (capacities[i] > cut) {
                candidates[n++] = i;
            }
        }
        for (int j = 0; j < rest; j++) {
            int pick = j + rng.nextInt(open - j);
            int chosen = candidates[pick];
            candidates[pick] = candidates[j];
            candidates[j] = chosen;
            quotas[chosen]++;
        }
    }
}
