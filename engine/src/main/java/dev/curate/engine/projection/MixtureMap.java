package dev.curate.engine.projection;

import java.util.SplittableRandom;

/**
 * A seeded synthetic 2-D map for load tests of the page: {@code n} points drawn from
 * {@code k} isotropic Gaussian blobs whose centres lie on a circle, each point labelled with
 * its blob. It stands in for a projection of millions of tiles where no such store is at
 * hand; the page marks it as synthetic.
 */
public final class MixtureMap {

    private MixtureMap() {
    }

    /**
     * Points and labels of a synthetic map.
     *
     * @param xy {@code 2 n} floats, point {@code i} at {@code xy[2i], xy[2i + 1]}
     * @param blob the blob of each point, {@code 0 .. k - 1}
     */
    public record Points(float[] xy, int[] blob) {
    }

    /**
     * Draws the map.
     *
     * @param n number of points, 1 to {@code Integer.MAX_VALUE / 2}
     * @param k number of blobs, 1 to {@code n}
     * @param seed random seed; the same seed gives the same points
     * @return the points; blob {@code b}'s centre is at angle {@code 2 pi b / k} on the unit
     *     circle and its standard deviation is {@code 0.6 / sqrt(k)}
     * @throws IllegalArgumentException if {@code n} or {@code k} is out of range
     */
    public static Points draw(int n, int k, long seed) {
        if (n < 1 || n > Integer.MAX_VALUE / 2 || k < 1 || k > n) {
            throw new IllegalArgumentException("synthetic map needs 1 <= k <= n <= "
                    + Integer.MAX_VALUE / 2 + ", got n=" + n + ", k=" + k);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double sigma = 0.6 / Math.sqrt(k);
        float[] xy = new float[2 * n];
        int[] blob = new int[n];
        for (int i = 0; i < n; i++) {
            int b = random.nextInt(k);
            double angle = 2 * Math.PI * b / k;
            xy[2 * i] = (float) (Math.cos(angle) + sigma * gaussian(random));
            xy[2 * i + 1] = (float) (Math.sin(angle) + sigma * gaussian(random));
            blob[i] = b;
        }
        return new Points(xy, blob);
    }

    /** A standard normal draw (Box-Muller; the second value is dropped for simplicity). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
