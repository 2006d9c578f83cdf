package dev.curate.engine.accel;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Plain-Java nearest-centroid search and exact accumulation shared by the backends: the
 * reference every accelerated path is compared with.
 */
final class NearestCentroid {

    /** Values per assign block above which the sums are added on several threads. */
    private static final long PARALLEL_VALUES = 1L << 22;

    private NearestCentroid() {
    }

    /**
     * Finds the nearest centroid of one point by squared Euclidean distance, four centroids per
     * pass so the point's values are read once for four sums; ties go to the lower index.
     *
     * @param points row-major points
     * @param row the point's row in {@code points}
     * @param d dimension
     * @param centroids row-major centroids
     * @param k number of centroids
     * @param labels output label array, written at {@code row}
     * @param distances output distances, written at {@code row}; may be {@code null}
     */
    static void assignOne(float[] points, int row, int d, float[] centroids, int k,
            int[] labels, float[] distances) {
        int xo = row * d;
        float best = Float.POSITIVE_INFINITY;
        int bestIdx = 0;
        int c = 0;
        for (; c + 4 <= k; c += 4) {
            int o0 = c * d;
            int o1 = o0 + d;
            int o2 = o1 + d;
            int o3 = o2 + d;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int j = 0; j < d; j++) {
                float x = points[xo + j];
                float t0 = x - centroids[o0 + j];
                float t1 = x - centroids[o1 + j];
                float t2 = x - centroids[o2 + j];
                float t3 = x - centroids[o3 + j];
                s0 += t0 * t0;
                s1 += t1 * t1;
                s2 += t2 * t2;
                s3 += t3 * t3;
            }
            if (s0 < best) {
                best = s0;
                bestIdx = c;
            }
            if (s1 < best) {
                best = s1;
                bestIdx = c + 1;
            }
            if (s2 < best) {
                best = s2;
                bestIdx = c + 2;
            }
            if (s3 < best) {
                best = s3;
                bestIdx = c + 3;
            }
        }
        for (; c < k; c++) {
            float s = squaredDistance(points, xo, centroids, c * d, d);
            if (s < best) {
                best = s;
                bestIdx = c;
            }
        }
        labels[row] = bestIdx;
        if (distances != null) {
            distances[row] = best;
        }
    }

    /** Returns the squared distance of two vectors of length {@code d}, in float. */
    static float squaredDistance(float[] a, int ao, float[] b, int bo, int d) {
        float s = 0f;
        for (int j = 0; j < d; j++) {
            float t = a[ao + j] - b[bo + j];
            s += t * t;
        }
        return s;
    }

    /**
     * Adds every point to its label's exact sum and count.
     *
     * @param points row-major points
     * @param n number of points
     * @param d dimension
     * @param labels label per point, each in {@code [0, k)}
     * @param sums {@code k * d} sums, added to
     * @param counts {@code k} counts, added to
     */
    static void accumulate(float[] points, int n, int d, int[] labels, ClusterSums sums,
            long[] counts) {
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
        }
        int parts = ForkJoinPool.getCommonPoolParallelism() + 1;
        if (parts < 2 || n < 4L * sums.k() || (long) n * d < PARALLEL_VALUES) {
            addRows(points, 0, n, d, labels, sums);
            return;
        }
        // exact sums do not depend on the split: each part sums its rows, then all are added
        ClusterSums[] partial = new ClusterSums[parts];
        IntStream.range(0, parts).parallel().forEach(p -> {
            partial[p] = new ClusterSums(sums.k(), d);
            addRows(points, (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts),
                    d, labels, partial[p]);
        });
        for (ClusterSums part : partial) {
            sums.addAll(part);
        }
    }

    private static void addRows(float[] points, int from, int to, int d, int[] labels,
            ClusterSums sums) {
        for (int i = from; i < to; i++) {
            sums.addRow(labels[i], points, i * d);
        }
    }

    /** Checks the array lengths every backend relies on, naming the short one. */
    static void checkShapes(float[] points, int n, int d, float[] centroids, int k,
            int[] labels, float[] distances, ClusterSums sums, long[] counts) {
        if (n < 0 || d < 1 || k < 1) {
            throw new IllegalArgumentException("assign needs n >= 0, d >= 1, k >= 1; got n="
                    + n + ", d=" + d + ", k=" + k);
        }
        requireLength("points", points.length, (long) n * d);
        requireLength("centroids", centroids.length, (long) k * d);
        requireLength("labels", labels.length, n);
        if (distances != null) {
            requireLength("distances", distances.length, n);
        }
        if ((sums == null) != (counts == null)) {
            throw new IllegalArgumentException("sums and counts must both be given or both null");
        }
        if (sums != null) {
            if (sums.k() < k || sums.dim() != d) {
                throw new IllegalArgumentException("sums are for k = " + sums.k() + ", d = "
                        + sums.dim() + " but the assign step has k = " + k + ", d = " + d);
            }
            requireLength("counts", counts.length, k);
        }
    }

    private static void requireLength(String what, long actual, long needed) {
        if (actual < needed) {
            throw new IllegalArgumentException(what + " holds " + actual
                    + " values but the block needs at least " + needed);
        }
    }
}
