package dev.curate.engine.kmeans;

import dev.curate.engine.accel.AssignBackend;
import dev.curate.engine.accel.ClusterSums;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The initialisations of SPEC 4.1: greedy k-means++ (Arthur and Vassilvitskii 2007, section 2.2,
 * with the greedy candidate choice of their section 5), uniform random distinct rows, and
 * k-means|| (Bahmani et al. 2012, algorithm 2). All need {@code k <= distinct rows}, which
 * {@link KMeans} checks first, and none ever returns two equal centres.
 */
final class KMeansInit {

    /** Oversampling rounds of k-means||; Bahmani et al. report 5 rounds suffice. */
    private static final int PARALLEL_ROUNDS = 5;

    private KMeansInit() {
    }

    /**
     * Greedy k-means++: the first centre uniform; each next one the best of
     * {@code 2 + floor(ln k)} candidates drawn with probability proportional to
     * {@code w_i * D(x_i)^2}, best meaning the lowest total potential once added.
     *
     * @param data the rows, at least {@code k} distinct
     * @param weights per-row weight (k-means|| candidates), or {@code null} for 1
     * @param k number of centres
     * @param rnd source of every random choice
     * @param progress told the number of centres chosen after each one
     * @return row-major {@code k x dim} centres
     */
    static float[] greedyPlusPlus(VectorSource data, double[] weights, int k, Random rnd,
            IntConsumer progress) {
        // LIMIT: greedy k-means++ costs about 3 * k * (3 + ln k) * n * d flops in plain Java
        // (hours when k = 100,000 on 3.5M tiles); use InitMethod.KMEANS_PARALLEL or RANDOM.
        int n = (int) data.rows();
        int d = data.dim();
        float[] centres = new float[k * d];
        double[] minD = new double[n];
        Arrays.fill(minD, Double.POSITIVE_INFINITY);
        int firstRow = weights == null ? rnd.nextInt(n) : draw(cumulative(ones(n), weights), rnd);
        data.readRow(firstRow, centres, 0);
        PointDistances.lowerTo(data, minD, Arrays.copyOfRange(centres, 0, d));
        progress.accept(1);
        int trials = 2 + (int) Math.floor(Math.log(k));
        float[] candidates = new float[trials * d];
        for (int c = 1; c < k; c++) {
            double[] cum = cumulative(minD, weights);
            if (cum[n - 1] <= 0) {
                throw new IllegalStateException("k-means++ found every row on one of " + c
                        + " centres but needs " + k + "; the distinct-row check missed it");
            }
            for (int t = 0; t < trials; t++) {
                data.readRow(draw(cum, rnd), candidates, t * d);
            }
            double[] pot = PointDistances.potentials(data, minD, weights, candidates, trials);
            int best = 0;
            for (int t = 1; t < trials; t++) {
                best = pot[t] < pot[best] ? t : best;
            }
            System.arraycopy(candidates, best * d, centres, c * d, d);
            PointDistances.lowerTo(data, minD, Arrays.copyOfRange(candidates, best * d,
                    best * d + d));
            progress.accept(c + 1);
        }
        return centres;
    }

    /** Returns the running sums of {@code w_i * v_i}. */
    private static double[] cumulative(double[] v, double[] weights) {
        double[] cum = new double[v.length];
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += weights == null ? v[i] : weights[i] * v[i];
            cum[i] = s;
        }
        return cum;
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        Arrays.fill(v, 1.0);
        return v;
    }

    /**
     * Draws index {@code i} with probability {@code (cum[i] - cum[i-1]) / cum[last]}; an index
     * of weight 0 (a row on a chosen centre) is never drawn, because the first running sum
     * above the draw belongs to a row with positive weight.
     */
    private static int draw(double[] cum, Random rnd) {
        double u = rnd.nextDouble() * cum[cum.length - 1];
        int lo = 0;
        int hi = cum.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Returns {@code k} distinct rows (by value) drawn uniformly: rows are visited in a seeded
     * random order and a row equal to one already taken is skipped.
     */
    static float[] randomRows(VectorSource data, int k, Random rnd) {
        int n = (int) data.rows();
        int d = data.dim();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] centres = new float[k * d];
        Set<Long> taken = new HashSet<>();
        int c = 0;
        for (int i = 0; i < n && c < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int row = order[j];
            order[j] = order[i];
            data.readRow(row, centres, c * d);
            if (taken.add(DistinctRows.hash(centres, c * d, d))) {
                c++;
            }
        }
        if (c < k) {
            throw new IllegalStateException("found only " + c + " distinct rows for " + k
                    + " centres; the distinct-row check missed it");
        }
        return centres;
    }

    /**
     * k-means||: a uniform first centre, then rounds that keep each row with probability
     * {@code min(1, 2k * D(x)^2 / potential)}; the kept rows, weighted by how many rows are
     * nearest to them, are reduced to {@code k} centres by greedy k-means++.
     *
     * @param data the rows, at least {@code k} distinct
     * @param k number of centres
     * @param rnd source of every random choice
     * @param backend assign backend for the distance passes
     */
    static float[] parallel(VectorSource data, int k, Random rnd, AssignBackend backend) {
        int n = (int) data.rows();
        int d = data.dim();
        CandidateSet cands = new CandidateSet(d);
        float[] row = new float[d];
        data.readRow(rnd.nextInt(n), row, 0);
        cands.add(row);
        double[] minD = new double[n];
        Arrays.fill(minD, Double.POSITIVE_INFINITY);
        PointDistances.lowerTo(data, minD, row);
        for (int round = 0; round < PARALLEL_ROUNDS || cands.size() < k; round++) {
            double phi = Arrays.stream(minD).sum();
            if (phi <= 0) {
                break;
            }
            int before = cands.size();
            for (int i = 0; i < n; i++) {
                if (minD[i] > 0 && rnd.nextDouble() < 2.0 * k * minD[i] / phi) {
                    data.readRow(i, row, 0);
                    cands.add(row);
                }
            }
            lowerToCandidates(data, minD, cands, before, backend);
        }
        FloatMatrix candidates = cands.matrix();
        double[] weights = nearestCounts(data, candidates, backend);
        return greedyPlusPlus(candidates, weights, k, rnd, chosen -> { });
    }

    private static void lowerToCandidates(VectorSource data, double[] minD, CandidateSet cands,
            int from, AssignBackend backend) {
        int d = data.dim();
        int m = cands.size() - from;
        if (m == 0) {
            return;
        }
        float[] added = Arrays.copyOfRange(cands.matrix().data(), from * d, cands.size() * d);
        data.scan(KMeans.scanRows(data), (first, count, block) -> {
            int[] labels = new int[count];
            float[] dist = new float[count];
            backend.assign(block, count, d, added, m, labels, dist, null, null);
            for (int i = 0; i < count; i++) {
                int r = (int) first + i;
                double exact = PointDistances.distance(block, i, added, labels[i], d);
                minD[r] = Math.min(minD[r], exact);
            }
        });
    }

    private static double[] nearestCounts(VectorSource data, FloatMatrix cands,
            AssignBackend backend) {
        int d = data.dim();
        int m = cands.rowCount();
        ClusterSums sums = new ClusterSums(m, d);
        long[] counts = new long[m];
        data.scan(KMeans.scanRows(data), (first, count, block) ->
                backend.assign(block, count, d, cands.data(), m, new int[count], null, sums,
                        counts));
        double[] weights = new double[m];
        for (int c = 0; c < m; c++) {
            weights[c] = Math.max(1, counts[c]);
        }
        return weights;
    }

    /** Distinct candidate rows in insertion order. */
    private static final class CandidateSet {
        private final int d;
        private final Set<Long> hashes = new HashSet<>();
        private float[] data = new float[0];
        private int size;

        CandidateSet(int d) {
            this.d = d;
        }

        void add(float[] row) {
            if (!hashes.add(DistinctRows.hash(row, 0, d))) {
                return;
            }
            if ((size + 1) * d > data.length) {
                data = Arrays.copyOf(data, Math.max(d, data.length * 2));
            }
            System.arraycopy(row, 0, data, size * d, d);
            size++;
        }

        int size() {
            return size;
        }

        FloatMatrix matrix() {
            return new FloatMatrix(Arrays.copyOf(data, size * d), size, d);
        }
    }
}
