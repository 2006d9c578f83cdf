package dev.curate.engine.accel;

/**
 * The assign step of Lloyd's algorithm over one block of points: for each of {@code n} points
 * of dimension {@code d}, find the nearest of {@code k} centroids by squared Euclidean distance
 * (ties go to the lower centroid index), and add the point to that centroid's exact partial
 * sum ({@link ClusterSums}) and count.
 *
 * <p>Implementations may hold native resources (an OpenCL context, scratch buffers) and are not
 * thread safe: use one instance per thread. Close it when the run ends.
 */
public interface AssignBackend extends AutoCloseable {

    /** Returns a short name for logs and run metadata, such as {@code opencl} or {@code java}. */
    String name();

    /**
     * Assigns {@code n} points to their nearest centroid.
     *
     * @param points row-major points, at least {@code n * d} values
     * @param n number of points in this block, at least 0
     * @param d dimension, at least 1
     * @param centroids row-major centroids, at least {@code k * d} values
     * @param k number of centroids, at least 1
     * @param labels output: nearest centroid index per point, length at least {@code n}
     * @param distances output: squared distance to that centroid per point, length at least
     *     {@code n}; may be {@code null} when the caller does not need them
     * @param sums accumulator of the {@code k x d} exact sums, added to (not cleared); may be
     *     {@code null} to skip accumulation
     * @param counts accumulator of {@code k} point counts, added to; {@code null} with sums
     */
    void assign(float[] points, int n, int d, float[] centroids, int k,
            int[] labels, float[] distances, ClusterSums sums, long[] counts);

    /** Releases native resources; the backend must not be used afterwards. */
    @Override
    void close();
}
