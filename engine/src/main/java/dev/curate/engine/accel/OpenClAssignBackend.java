package dev.curate.engine.accel;

import com.aparapi.device.OpenCLDevice;
import java.util.Objects;

/**
 * The assign step as an Aparapi kernel on one explicit OpenCL device (a GPU, or a CPU through
 * PoCL). Labels and float32 distances come from the device; the exact sums are added on the
 * host.
 *
 * <p>The kernel always runs on the given device through {@link ClExecution}: a kernel Aparapi
 * cannot build for the device, or one that ran on Java threads anyway, throws
 * {@link IllegalStateException} instead of silently running on Java threads. Not thread safe;
 * {@link #close()} releases the OpenCL buffers.
 */
public final class OpenClAssignBackend implements AssignBackend {

    private static final int LOCAL_SIZE = 64;

    private final OpenCLDevice device;
    private final AssignKernel kernel = new AssignKernel();
    private final boolean checkBounds;
    private float[] scratchDistances = new float[0];

    /**
     * Creates the backend on {@code device}.
     *
     * @param device the OpenCL device every call runs on
     * @param checkBounds whether the kernel counts work items launched past the intended range
     *     and the call fails when there are any (test mode; costs one branch per work item)
     */
    public OpenClAssignBackend(OpenCLDevice device, boolean checkBounds) {
        this.device = Objects.requireNonNull(device, "device");
        this.checkBounds = checkBounds;
        kernel.setExplicit(true);
    }

    /** Returns the device's name and type, for logs and run metadata. */
    public String deviceDescription() {
        return ClExecution.describe(device);
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public void assign(float[] points, int n, int d, float[] centroids, int k,
            int[] labels, float[] distances, ClusterSums sums, long[] counts) {
        NearestCentroid.checkShapes(points, n, d, centroids, k, labels, distances, sums, counts);
        if (n == 0) {
            return;
        }
        // LIMIT: the whole points array of a call is copied to the device each time, so a block
        // larger than device memory fails; k-means hands in-heap matrices over as one block.
        int global = (n + LOCAL_SIZE - 1) / LOCAL_SIZE * LOCAL_SIZE;
        dispatch(points, n, d, centroids, k, labels, distances, global, global);
        if (sums != null) {
            NearestCentroid.accumulate(points, n, d, labels, sums, counts);
        }
    }

    /**
     * Runs the kernel over {@code launched} work items while the host intends {@code limit};
     * tests pass a {@code launched} above {@code limit} to prove the bounds check fires.
     */
    void dispatch(float[] points, int n, int d, float[] centroids, int k, int[] labels,
            float[] distances, int limit, int launched) {
        float[] dist = distances;
        if (dist == null) {
            if (scratchDistances.length < n) {
                scratchDistances = new float[n];
            }
            dist = scratchDistances;
        }
        bind(points, n, d, centroids, k, labels, dist, limit);
        kernel.put(points).put(centroids).put(kernel.outOfRange);
        int local = launched % LOCAL_SIZE == 0 ? LOCAL_SIZE : 1;
        ClExecution.runOnDevice(kernel, device, launched, local);
        kernel.get(labels).get(dist).get(kernel.outOfRange);
        if (checkBounds && kernel.outOfRange[0] > 0) {
            throw new IllegalStateException(kernel.outOfRange[0] + " work items launched past "
                    + "the range of " + limit + " (" + n + " points): the launch size is wrong");
        }
    }

    private void bind(float[] points, int n, int d, float[] centroids, int k, int[] labels,
            float[] dist, int limit) {
        kernel.points = points;
        kernel.centroids = centroids;
        kernel.labels = labels;
        kernel.distances = dist;
        kernel.outOfRange[0] = 0;
        kernel.n = n;
        kernel.d = d;
        kernel.k = k;
        kernel.limit = limit;
        kernel.checkBounds = checkBounds ? 1 : 0;
    }

    @Override
    public void close() {
        kernel.dispose();
    }
}
