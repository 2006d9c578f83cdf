package dev.curate.engine.metadata;

import java.util.SplittableRandom;

/**
 * Draws an index with probability proportional to its current weight, for weights that only
 * shrink between draws, in {@code O(1)} expected time per draw: an alias table (Walker 1977,
 * Vose 1991) is built on earlier, larger weights, and a proposal {@code j} from it is accepted
 * with probability {@code current[j] / table[j]} (rejection sampling, exact). The table is
 * rebuilt, in {@code O(G)}, once the current weights hold less than
 * {@value #REBUILD_BELOW} of the table's mass, so the acceptance rate stays above it.
 * Not thread safe.
 */
final class ShrinkingWeightsDraw {

    /** Rebuild when the current mass falls below this share of the table's mass. */
    static final double REBUILD_BELOW = 0.75;

    private final double[] current;
    private final double[] table;
    private final double[] threshold;
    private final int[] alias;
    private double currentMass;
    private double tableMass;
    private int rebuilds;

    /** Starts with {@code weights} (each at least 0, not all 0); the array is copied. */
    ShrinkingWeightsDraw(double[] weights) {
        current = weights.clone();
        table = new double[weights.length];
        threshold = new double[weights.length];
        alias = new int[weights.length];
        rebuild();
    }

    /** Lowers weight {@code i} to {@code value}, which must not exceed its current weight. */
    void shrink(int i, double value) {
        currentMass -= current[i] - value;
        current[i] = value;
    }

    /**
     * Draws an index with probability proportional to its current weight.
     *
     * @throws IllegalStateException when every weight is 0
     */
    int draw(SplittableRandom rng) {
        if (currentMass < REBUILD_BELOW * tableMass) {
            rebuild();
        }
        int n = current.length;
        while (true) {
            int i = rng.nextInt(n);
            int j = rng.nextDouble() < threshold[i] ? i : alias[i];
            if (rng.nextDouble() * table[j] < current[j]) {
                return j;
            }
        }
    }

    /** Returns how many times the table was built, the first time included. */
    int rebuilds() {
        return rebuilds;
    }

    /** Builds the alias table on the current weights (Vose's stable variant). */
    private void rebuild() {
        int n = current.length;
        double mass = 0;
        for (double w : current) {
            mass += w;
        }
        if (!(mass > 0)) {
            throw new IllegalStateException("cannot draw: every weight is 0");
        }
        System.arraycopy(current, 0, table, 0, n);
        int[] small = new int[n];
        int[] large = new int[n];
        int s = 0;
        int l = 0;
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = current[i] * n / mass;
            if (scaled[i] < 1) {
                small[s++] = i;
            } else {
                large[l++] = i;
            }
        }
        while (s > 0 && l > 0) {
            int lo = small[--s];
            int hi = large[--l];
            threshold[lo] = scaled[lo];
            alias[lo] = hi;
            scaled[hi] = scaled[hi] + scaled[lo] - 1;
            if (scaled[hi] < 1) {
                small[s++] = hi;
            } else {
                large[l++] = hi;
            }
        }
        // what is left is 1 up to rounding
        while (l > 0) {
            int i = large[--l];
            threshold[i] = 1;
            alias[i] = i;
        }
        while (s > 0) {
            int i = small[--s];
            threshold[i] = 1;
            alias[i] = i;
        }
        currentMass = mass;
        tableMass = mass;
        rebuilds++;
    }
}
