package dev.curate.engine.metadata;

/**
 * The expected counts of a multivariate Wallenius draw by Manly's approximation: group
 * {@code g} with {@code m[g]} items of weight {@code w[g]} gives
 * {@code m[g] * (1 - exp(-w[g] * tau))}, with {@code tau} solved so the counts sum to
 * {@code n} (Manly 1974; Fog 2008, "Calculation methods for Wallenius' noncentral
 * hypergeometric distribution", section 4).
 */
final class WalleniusMean {

    private WalleniusMean() {
    }

    static double[] manly(long[] m, double[] w, long n) {
        double lo = 0;
        double hi = 1;
        while (expected(m, w, hi) < n) {
            hi *= 2;
        }
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (expected(m, w, mid) < n) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double tau = (lo + hi) / 2;
        double[] out = new double[m.length];
        for (int g = 0; g < m.length; g++) {
            out[g] = m[g] * -Math.expm1(-w[g] * tau);
        }
        return out;
    }

    private static double expected(long[] m, double[] w, double tau) {
        double sum = 0;
        for (int g = 0; g < m.length; g++) {
            sum += m[g] * -Math.expm1(-w[g] * tau);
        }
        return sum;
    }
}
