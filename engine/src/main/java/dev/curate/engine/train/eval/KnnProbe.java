package dev.curate.engine.train.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A leave-one-out k-nearest-neighbour probe (as in Wu et al. 2018 and the DINO paper's
 * section 4.1, without their temperature weighting): each row is labelled by a majority vote
 * of its {@code k} most cosine-similar other rows, ties to the smallest label. Reports the
 * share labelled correctly next to the share of the most common label, the accuracy of always
 * guessing it.
 *
 * <p>Exact search, {@code O(n^2 d)} time. Stateless and thread-safe.
 * LIMIT: a probe of n = 20,000 rows of 192 features takes about 80 GFLOP (tens of seconds)
 * when run on the whole demo or more; probe a subset.
 */
public final class KnnProbe {

    /**
     * The probe's outcome.
     *
     * @param rows rows probed
     * @param k neighbours voting
     * @param accuracy share of rows whose vote matched their label, 0 to 1
     * @param majorityShare share of the most common label, 0 to 1
     */
    public record Report(int rows, int k, double accuracy, double majorityShare) {
    }

    private KnnProbe() {
    }

    /**
     * Runs the probe.
     *
     * @param features row-major {@code n x dim} features
     * @param dim feature width, at least 1
     * @param labels one label per row, at least 0
     * @param k neighbours voting, 1 to {@code n - 1}
     * @return the report
     * @throws IllegalArgumentException if the sizes disagree or {@code k} is out of range
     */
    public static Report evaluate(float[] features, int dim, int[] labels, int k) {
        int n = labels.length;
        if (dim < 1 || features.length != (long) n * dim) {
            throw new IllegalArgumentException("kNN probe has " + features.length
                    + " feature values for " + n + " labels of width " + dim);
        }
        if (k < 1 || k >= n) {
            throw new IllegalArgumentException("kNN probe k = " + k + " must be in 1.." + (n - 1)
                    + " for " + n + " rows");
        }
        float[] unit = normalised(features, n, dim);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (vote(unit, dim, labels, i, k) == labels[i]) {
                correct++;
            }
        }
        return new Report(n, k, (double) correct / n, majorityShare(labels));
    }

    private static int vote(float[] unit, int dim, int[] labels, int row, int k) {
        int n = labels.length;
        int[] best = new int[k];
        float[] bestSim = new float[k];
        Arrays.fill(bestSim, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < n; j++) {
            if (j == row) {
                continue;
            }
            float sim = 0;
            for (int c = 0; c < dim; c++) {
                sim += unit[row * dim + c] * unit[j * dim + c];
            }
            if (sim > bestSim[k - 1]) {
                int at = k - 1;
                while (at > 0 && bestSim[at - 1] < sim) {
                    bestSim[at] = bestSim[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                bestSim[at] = sim;
                best[at] = j;
            }
        }
        Map<Integer, Integer> votes = new HashMap<>();
        for (int b : best) {
            votes.merge(labels[b], 1, Integer::sum);
        }
        int winner = -1;
        int most = 0;
        for (Map.Entry<Integer, Integer> v : votes.entrySet()) {
            if (v.getValue() > most || (v.getValue() == most && v.getKey() < winner)) {
                winner = v.getKey();
                most = v.getValue();
            }
        }
        return winner;
    }

    private static float[] normalised(float[] features, int n, int dim) {
        float[] out = new float[features.length];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int c = 0; c < dim; c++) {
                norm += (double) features[i * dim + c] * features[i * dim + c];
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int c = 0; c < dim; c++) {
                out[i * dim + c] = features[i * dim + c] * scale;
            }
        }
        return out;
    }

    private static double majorityShare(int[] labels) {
        Map<Integer, Integer> counts = new HashMap<>();
        int most = 0;
        for (int l : labels) {
            most = Math.max(most, counts.merge(l, 1, Integer::sum));
        }
        return (double) most / labels.length;
    }
}
