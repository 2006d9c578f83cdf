package dev.curate.engine.accel;

import java.util.Random;

/** Test data for the assign backends: well-separated clusters and a plain reference. */
final class AssignFixtures {

    private AssignFixtures() {
    }

    /** Points around {@code k} centres that are far apart, with small noise, seeded. */
    static float[] separatedPoints(int n, int d, float[] centres, int k, long seed) {
        Random rnd = new Random(seed);
        float[] points = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = i % k;
            for (int j = 0; j < d; j++) {
                points[i * d + j] = centres[c * d + j] + 0.05f * (float) rnd.nextGaussian();
            }
        }
        return points;
    }

    /** Centres with coordinates uniform in [-10, 10), seeded. */
    static float[] centres(int k, int d, long seed) {
        Random rnd = new Random(seed);
        float[] c = new float[k * d];
        for (int i = 0; i < c.length; i++) {
            c[i] = 20f * rnd.nextFloat() - 10f;
        }
        return c;
    }

    /** The nearest centroid of each point in float64, ties to the lower index. */
    static int[] referenceLabels(float[] points, int n, int d, float[] centroids, int k) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double t = (double) points[i * d + j] - centroids[c * d + j];
                    s += t * t;
                }
                if (s < best) {
                    best = s;
                    labels[i] = c;
                }
            }
        }
        return labels;
    }
}
