package dev.curate.engine.accel;

import java.util.stream.IntStream;

/**
 * The reference assign step in plain Java: exact squared distances (differences squared and
 * summed in float), the points split into chunks that run on the common fork-join pool, and the
 * exact sums added on the calling thread.
 *
 * <p>Not thread safe (see {@link AssignBackend}); it holds no native resources.
 */
public final class JavaAssignBackend implements AssignBackend {

    private static final int CHUNK_ROWS = 256;

    /** Creates the backend; it needs no setup. */
    public JavaAssignBackend() {
        // nothing to allocate: all scratch lives in the caller's arrays
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void assign(float[] points, int n, int d, float[] centroids, int k,
            int[] labels, float[] distances, ClusterSums sums, long[] counts) {
        NearestCentroid.checkShapes(points, n, d, centroids, k, labels, distances, sums, counts);
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            int end = Math.min(n, (chunk + 1) * CHUNK_ROWS);
            for (int i = chunk * CHUNK_ROWS; i < end; i++) {
                NearestCentroid.assignOne(points, i, d, centroids, k, labels, distances);
            }
        });
        if (sums != null) {
            NearestCentroid.accumulate(points, n, d, labels, sums, counts);
        }
    }

    @Override
    public void close() {
        // no native resources
    }
}
