package dev.curate.engine.kmeans;

import java.util.stream.IntStream;

/**
 * Exact float64 squared distances of all rows to a few vectors, for the initialisations:
 * rows of a block split into chunks on the common fork-join pool, partial sums added in chunk
 * order so the result does not depend on thread timing.
 */
final class PointDistances {

    private static final int CHUNK = 256;

    private PointDistances() {
    }

    /** Returns the exact squared distance of row {@code i} of {@code a} to row {@code c}. */
    static double distance(float[] a, int i, float[] b, int c, int d) {
        double s = 0;
        int ao = i * d;
        int bo = c * d;
        for (int j = 0; j < d; j++) {
            double t = (double) a[ao + j] - b[bo + j];
            s += t * t;
        }
        return s;
    }

    /**
     * Lowers {@code minD[i]} to the distance of row {@code i} to {@code centre} where smaller.
     *
     * @param data the rows
     * @param minD per-row distance to the nearest chosen centre, updated in place
     * @param centre one vector of {@code data.dim()} values
     */
    static void lowerTo(VectorSource data, double[] minD, float[] centre) {
        int d = data.dim();
        data.scan(KMeans.scanRows(data), (first, count, block) ->
                IntStream.range(0, count).parallel().forEach(i -> {
                    int row = (int) first + i;
                    minD[row] = Math.min(minD[row], distance(block, i, centre, 0, d));
                }));
    }

    /**
     * Returns, for each of {@code m} candidates, the potential {@code sum_i w_i min(minD_i,
     * |x_i - cand|^2)} the chosen centres would have with that candidate added.
     *
     * @param data the rows
     * @param minD per-row distance to the nearest chosen centre
     * @param weights per-row weight, or {@code null} for 1
     * @param candidates row-major {@code m x dim} candidates
     * @param m number of candidates
     */
    static double[] potentials(VectorSource data, double[] minD, double[] weights,
            float[] candidates, int m) {
        int d = data.dim();
        double[] total = new double[m];
        data.scan(KMeans.scanRows(data), (first, count, block) -> {
            int chunks = (count + CHUNK - 1) / CHUNK;
            double[][] part = new double[chunks][m];
            IntStream.range(0, chunks).parallel().forEach(ch -> {
                for (int i = ch * CHUNK; i < Math.min(count, (ch + 1) * CHUNK); i++) {
                    int row = (int) first + i;
                    double w = weights == null ? 1.0 : weights[row];
                    for (int j = 0; j < m; j++) {
                        double dist = distance(block, i, candidates, j, d);
                        part[ch][j] += w * Math.min(minD[row], dist);
                    }
                }
            });
            for (double[] p : part) {
                for (int j = 0; j < m; j++) {
                    total[j] += p[j];
                }
            }
        });
        return total;
    }
}
