package dev.curate.engine.metadata;

import dev.curate.engine.tree.WaterFilling;
import java.util.SplittableRandom;

/**
 * How many tiles each group gives to a draw of {@code n} tiles without replacement, for the two
 * metadata modes (SPEC 4.6; the inverse-frequency baseline of Chen et al. 2025,
 * arXiv 2503.18709). Both work on group sizes only, so their cost does not grow with the
 * number of tiles. Stateless.
 */
public final class GroupQuotas {

    private GroupQuotas() {
    }

    /**
     * Returns the per-group counts of {@code n} successive weighted draws without replacement,
     * every tile of group {@code g} weighing {@code max(size) / size[g]}.
     *
     * <p>All tiles of a group share one weight, so the tile-level draw seen per group is a
     * multivariate Wallenius draw: each draw picks group {@code g} with probability
     * proportional to {@code w[g] * remaining[g]}. It is simulated draw by draw at group level
     * ({@link ShrinkingWeightsDraw}, {@code O(1)} expected per draw), exact in distribution.
     *
     * @param sizes per group, its tiles (at least 0)
     * @param n the number of draws, in {@code [0, sum(sizes)]}
     * @param rng the random source
     * @return per group, the tiles drawn
     * @throws IllegalArgumentException when {@code n} is negative or exceeds the pool
     */
    public static long[] weighted(long[] sizes, long n, SplittableRandom rng) {
        checkTarget(sizes, n);
        double[] weight = inverseFrequency(sizes);
        long[] remaining = sizes.clone();
        long[] taken = new long[sizes.length];
        if (n == 0) {
            return taken;
        }
        double[] mass = new double[sizes.length];
        for (int g = 0; g < sizes.length; g++) {
            mass[g] = weight[g] * remaining[g];
        }
        ShrinkingWeightsDraw draws = new ShrinkingWeightsDraw(mass);
        for (long i = 0; i < n; i++) {
            int g = draws.draw(rng);
            taken[g]++;
            remaining[g]--;
            draws.shrink(g, weight[g] * remaining[g]);
        }
        return taken;
    }

    /**
     * Returns exact per-group quotas for {@code n} tiles by water-filling (SPEC 4.5): every
     * group gets the same share, a group smaller than it is taken whole, and the units it
     * leaves go to the others; the few units left by the integer cut go one each to random
     * groups that still have room.
     *
     * @param sizes per group, its tiles (at least 0)
     * @param n the number of tiles wanted, in {@code [0, sum(sizes)]}
     * @param rng the random source of the tie-break
     * @return per group, its quota; the quotas sum to {@code n}
     * @throws IllegalArgumentException when {@code n} is negative or exceeds the pool
     */
    public static long[] balanced(long[] sizes, long n, SplittableRandom rng) {
        checkTarget(sizes, n);
        return WaterFilling.split(sizes, n, rng);
    }

    /**
     * Returns the inverse-frequency weight of one tile of each group:
     * {@code max(size) / size[g]}, 0 for an empty group.
     *
     * @param sizes per group, its tiles (at least 0)
     * @return one weight per group
     */
    public static double[] inverseFrequency(long[] sizes) {
        long max = 0;
        for (long s : sizes) {
            max = Math.max(max, s);
        }
        double[] w = new double[sizes.length];
        for (int g = 0; g < sizes.length; g++) {
            w[g] = sizes[g] == 0 ? 0 : (double) max / sizes[g];
        }
        return w;
    }

    /**
     * Returns {@code n * max(w) / sum(w)} over all tiles for inverse-frequency weights: the
     * largest inclusion probability a draw proportional to the weights would need. Above 1 no
     * draw without replacement can be proportional (field case C08; pandas-dev/pandas #61516).
     *
     * @param sizes per group, its tiles (at least 0)
     * @param n the number of tiles drawn
     * @return the ratio; 0 when the pool is empty
     */
    public static double proportionalityRatio(long[] sizes, long n) {
        double[] w = inverseFrequency(sizes);
        double max = 0;
        double sum = 0;
        for (int g = 0; g < sizes.length; g++) {
            max = Math.max(max, w[g]);
            sum += w[g] * sizes[g];
        }
        return sum == 0 ? 0 : n * max / sum;
    }

    private static void checkTarget(long[] sizes, long n) {
        long total = 0;
        for (long s : sizes) {
            total += s;
        }
        if (n < 0 || n > total) {
            throw new IllegalArgumentException("cannot draw " + n + " tiles without "
                    + "replacement from a pool of " + total + " tiles; expected 0 to " + total);
        }
    }
}
