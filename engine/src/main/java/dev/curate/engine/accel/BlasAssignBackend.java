package dev.curate.engine.accel;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.stream.IntStream;

/**
 * The fast CPU assign step ("cpu-fast"): squared distances expanded as
 * {@code ||x||^2 - 2 x.c + ||c||^2}, the dot products from one SGEMM per block of points
 * (netlib-java's JNI binding to the system BLAS, OpenBLAS here), then an argmin per point and an
 * exact recompute of the chosen centroid's distance.
 *
 * <p>The expansion loses precision when two centroids are nearly equidistant from a point: the
 * argmin may then pick the other one of two centroids whose exact distances differ by less than
 * about {@code 1e-6 * (||x||^2 + ||c||^2)}. The reported distance is always exact for the chosen
 * centroid. Not thread safe; the BLAS library threads each SGEMM itself.
 */
public final class BlasAssignBackend implements AssignBackend {

    /** Rows per SGEMM: large enough for BLAS to reach its peak, small enough for the cache. */
    static final int BLOCK_ROWS = 1024;

    private final BLAS blas;
    private final boolean nativeBlas;
    private float[] dots = new float[0];
    private float[] centroidNorms = new float[0];

    /**
     * Creates the backend on netlib-java's best BLAS. Use {@link #isNative()} (or
     * {@link Backends#select}) to find out whether it is the native library or a Java fallback.
     */
    public BlasAssignBackend() {
        this(BLAS.getInstance());
    }

    BlasAssignBackend(BLAS blas) {
        this.blas = blas;
        this.nativeBlas = blas instanceof NativeBLAS;
    }

    /** Returns whether SGEMM runs in the native BLAS library (not netlib-java's Java code). */
    public boolean isNative() {
        return nativeBlas;
    }

    /** Returns the class name of the BLAS implementation netlib-java loaded. */
    public String implementation() {
        return blas.getClass().getSimpleName();
    }

    @Override
    public String name() {
        return "cpu-fast";
    }

    @Override
    public void assign(float[] points, int n, int d, float[] centroids, int k,
            int[] labels, float[] distances, ClusterSums sums, long[] counts) {
        NearestCentroid.checkShapes(points, n, d, centroids, k, labels, distances, sums, counts);
        prepare(centroids, k, d);
        for (int first = 0; first < n; first += BLOCK_ROWS) {
            int m = Math.min(BLOCK_ROWS, n - first);
            blas.sgemm("T", "N", k, m, d, 1.0f, centroids, 0, d, points, first * d, d,
                    0.0f, dots, 0, k);
            argminBlock(points, first, m, d, centroids, k, labels, distances);
        }
        // LIMIT: the exact sums are added on one thread (n * d fixed-point adds per call), a
        // large share of an iteration when k is below 100; no knob yet.
        if (sums != null) {
            NearestCentroid.accumulate(points, n, d, labels, sums, counts);
        }
    }

    private void prepare(float[] centroids, int k, int d) {
        if (dots.length < BLOCK_ROWS * k) {
            dots = new float[BLOCK_ROWS * k];
        }
        if (centroidNorms.length < k) {
            centroidNorms = new float[k];
        }
        for (int c = 0; c < k; c++) {
            float s = 0f;
            for (int j = 0; j < d; j++) {
                float v = centroids[c * d + j];
                s += v * v;
            }
            centroidNorms[c] = s;
        }
    }

    /** Picks, for each row of the block, the centroid minimising ||c||^2 - 2 x.c. */
    private void argminBlock(float[] points, int first, int m, int d, float[] centroids, int k,
            int[] labels, float[] distances) {
        float[] g = dots;
        float[] norms = centroidNorms;
        IntStream.range(0, m).parallel().forEach(r -> {
            int go = r * k;
            float best = Float.POSITIVE_INFINITY;
            int bestIdx = 0;
            for (int c = 0; c < k; c++) {
                float v = norms[c] - 2f * g[go + c];
                if (v < best) {
                    best = v;
                    bestIdx = c;
                }
            }
            int row = first + r;
            labels[row] = bestIdx;
            if (distances != null) {
                distances[row] = NearestCentroid.squaredDistance(points, row * d, centroids,
                        bestIdx * d, d);
            }
        });
    }

    @Override
    public void close() {
        dots = new float[0];
        centroidNorms = new float[0];
    }
}
