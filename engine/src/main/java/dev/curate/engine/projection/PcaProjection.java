package dev.curate.engine.projection;

import dev.curate.engine.kmeans.VectorSource;
import java.util.Objects;

/**
 * Projects {@code n} vectors of dimension {@code d} onto their first two principal components
 * (Jolliffe, Principal Component Analysis, 2nd ed., 2002, section 1.1). Two scans of the
 * source: the first accumulates the mean and the {@code d x d} covariance in double precision,
 * the second projects each centred row. The two leading eigenvectors come from power
 * iteration with deflation (Golub and Van Loan, Matrix Computations, 4th ed., section 7.3.1),
 * started from a fixed vector so the same input always gives the same map; each axis's sign is
 * fixed so that its largest-magnitude coordinate is positive.
 *
 * <p>Memory: {@code 8 d^2} bytes for the covariance plus {@code 8 n} bytes for the map; the
 * vectors are only streamed. Not thread safe; one call per thread.
 */
public final class PcaProjection {

    /** Rows per block handed over by {@link VectorSource#scan}. */
    private static final int SCAN_ROWS = 4096;

    private PcaProjection() {
    }

    /**
     * The result: one {@code (x, y)} pair per input row and the axes that made it.
     *
     * @param xy {@code 2 n} floats, row {@code i} at {@code xy[2i], xy[2i + 1]}
     * @param mean the {@code d} column means that were subtracted
     * @param axes two unit vectors of length {@code d}, the first and second component
     * @param variances the variance along each axis (eigenvalues), first at least the second
     */
    public record Map2D(float[] xy, double[] mean, double[][] axes, double[] variances) {

        /** Returns the number of projected points. */
        public int points() {
            return xy.length / 2;
        }
    }

    /**
     * Projects every row of {@code source}.
     *
     * @param source the vectors, at least 2 rows and at most {@code Integer.MAX_VALUE / 2}
     * @param maxIterations power-iteration steps per axis, at least 1 (200 is plenty for a map)
     * @return the map
     * @throws IllegalArgumentException if the source is too small or too large, or holds a
     *     NaN or infinite value
     */
    public static Map2D project(VectorSource source, int maxIterations) {
        Objects.requireNonNull(source, "source");
        long n = source.rows();
        if (n < 2 || n > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("PCA map needs 2.." + Integer.MAX_VALUE / 2
                    + " rows, got " + n);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("PCA maxIterations must be at least 1, got "
                    + maxIterations);
        }
        int d = source.dim();
        double[] mean = new double[d];
        // LIMIT: the covariance scan costs n d^2 / 2 multiply-adds, single threaded: about
        // 5e11 for 1M tiles of d = 1024, many minutes on 2 cores; project a sample instead.
        double[] cov = covariance(source, mean);
        double[] first = new double[d];
        double[] second = new double[d];
        double v1 = leadingEigenvector(cov, d, maxIterations, null, 0, first);
        deflate(cov, d, first, v1);
        double v2 = d > 1 ? leadingEigenvector(cov, d, maxIterations, first,
                1e-12 * v1, second) : 0;
        float[] xy = projectRows(source, mean, first, second);
        return new Map2D(xy, mean, new double[][] {first, second},
                new double[] {v1, Math.max(0, v2)});
    }

    /** Scan 1: fills {@code mean} and returns the covariance, row-major {@code d x d}. */
    private static double[] covariance(VectorSource source, double[] mean) {
        int d = source.dim();
        long n = source.rows();
        double[] sum = new double[d];
        double[] cross = new double[d * d];
        source.scan(SCAN_ROWS, (firstRow, count, data) -> {
            for (int r = 0; r < count; r++) {
                int base = r * d;
                for (int i = 0; i < d; i++) {
                    double xi = data[base + i];
                    if (!Double.isFinite(xi)) {
                        throw new IllegalArgumentException("PCA input row " + (firstRow + r)
                                + " column " + i + " is " + xi + "; expected a finite value");
                    }
                    sum[i] += xi;
                    int rowOff = i * d;
                    for (int j = i; j < d; j++) {
                        cross[rowOff + j] += xi * data[base + j];
                    }
                }
            }
        });
        for (int i = 0; i < d; i++) {
            mean[i] = sum[i] / n;
        }
        double[] cov = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double c = (cross[i * d + j] - n * mean[i] * mean[j]) / (n - 1);
                cov[i * d + j] = c;
                cov[j * d + i] = c;
            }
        }
        return cov;
    }

    /**
     * Power iteration on a symmetric matrix, kept orthogonal to {@code previous} when given
     * (rounding would otherwise bring back the deflated axis); writes the unit vector to
     * {@code out} and returns its eigenvalue. An image of norm at most {@code floor} counts
     * as zero: the start vector (orthogonal to {@code previous}) is kept with value 0, since
     * any unit vector is an eigenvector of a zero matrix.
     */
    private static double leadingEigenvector(double[] m, int d, int maxIterations,
            double[] previous, double floor, double[] out) {
        // start away from any axis so no component is orthogonal to the start by accident
        for (int i = 0; i < d; i++) {
            out[i] = 1.0 + 0.5 * i / d;
        }
        orthogonalize(out, previous);
        normalize(out);
        double[] next = new double[d];
        double value = 0;
        for (int it = 0; it < maxIterations; it++) {
            multiply(m, d, out, next);
            orthogonalize(next, previous);
            double norm = normalize(next);
            if (norm <= floor) {
                break;
            }
            double delta = 0;
            for (int i = 0; i < d; i++) {
                delta = Math.max(delta, Math.abs(next[i] - out[i]));
            }
            System.arraycopy(next, 0, out, 0, d);
            value = norm;
            if (delta < 1e-10) {
                break;
            }
        }
        fixSign(out);
        return value;
    }

    private static void orthogonalize(double[] v, double[] previous) {
        if (previous == null) {
            return;
        }
        double dot = 0;
        for (int i = 0; i < v.length; i++) {
            dot += v[i] * previous[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] -= dot * previous[i];
        }
    }

    private static void multiply(double[] m, int d, double[] v, double[] out) {
        for (int i = 0; i < d; i++) {
            double s = 0;
            int off = i * d;
            for (int j = 0; j < d; j++) {
                s += m[off + j] * v[j];
            }
            out[i] = s;
        }
    }

    private static double normalize(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        double norm = Math.sqrt(s);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
        return norm;
    }

    /** Flips {@code v} so that its largest-magnitude coordinate is positive. */
    private static void fixSign(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[best])) {
                best = i;
            }
        }
        if (v[best] < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
    }

    /** Removes the found component: {@code m -= value * v v^T}. */
    private static void deflate(double[] m, int d, double[] v, double value) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i * d + j] -= value * v[i] * v[j];
            }
        }
    }

    /** Scan 2: the centred rows' coordinates on the two axes. */
    private static float[] projectRows(VectorSource source, double[] mean, double[] a,
            double[] b) {
        int d = source.dim();
        float[] xy = new float[(int) source.rows() * 2];
        source.scan(SCAN_ROWS, (firstRow, count, data) -> {
            for (int r = 0; r < count; r++) {
                double x = 0;
                double y = 0;
                int base = r * d;
                for (int i = 0; i < d; i++) {
                    double c = data[base + i] - mean[i];
                    x += c * a[i];
                    y += c * b[i];
                }
                int out = (int) (firstRow + r) * 2;
                xy[out] = (float) x;
                xy[out + 1] = (float) y;
            }
        });
        return xy;
    }
}
