package dev.curate.engine.accel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenClAssignBackendTest {

    private static OpenCLDevice device;
    private static String missing = "";

    @BeforeAll
    static void findDevice() {
        try {
            List<OpenCLDevice> all = new ArrayList<>(OpenCLDevice.listDevices(Device.TYPE.GPU));
            all.addAll(OpenCLDevice.listDevices(Device.TYPE.CPU));
            device = all.isEmpty() ? null : all.get(0);
            missing = "no OpenCL device on this machine";
        } catch (LinkageError | RuntimeException e) {
            missing = "OpenCL library not loadable: " + e;
        }
    }

    @Test
    void c19LabelsIdenticalAcrossOpenClJavaAndCpuFast() {
        assumeTrue(device != null, missing);
        int n = 1000;
        int d = 64;
        int k = 16;
        float[] centres = AssignFixtures.centres(k, d, 19);
        float[] points = AssignFixtures.separatedPoints(n, d, centres, k, 20);
        int[] reference = AssignFixtures.referenceLabels(points, n, d, centres, k);
        int[] cl = new int[n];
        float[] clDist = new float[n];
        ClusterSums clSums = new ClusterSums(k, d);
        long[] clCounts = new long[k];
        try (OpenClAssignBackend backend = new OpenClAssignBackend(device, true)) {
            backend.assign(points, n, d, centres, k, cl, clDist, clSums, clCounts);
        }
        int[] java = new int[n];
        float[] javaDist = new float[n];
        ClusterSums javaSums = new ClusterSums(k, d);
        long[] javaCounts = new long[k];
        new JavaAssignBackend().assign(points, n, d, centres, k, java, javaDist, javaSums,
                javaCounts);
        int[] fast = new int[n];
        try (BlasAssignBackend blas = new BlasAssignBackend()) {
            blas.assign(points, n, d, centres, k, fast, null, null, null);
        }
        assertArrayEquals(reference, cl);
        assertArrayEquals(reference, java);
        assertArrayEquals(reference, fast);
        assertArrayEquals(javaCounts, clCounts);
        assertEquals(javaSums, clSums);
        assertArrayEquals(javaDist, clDist, 1e-5f);
    }

    @Test
    void c19RangeOneWorkItemPastTheDataIsCaughtInTestMode() {
        assumeTrue(device != null, missing);
        float[] points = {0f, 1f, 2f, 3f};
        float[] centroids = {0f, 3f};
        int[] labels = new int[4];
        try (OpenClAssignBackend backend = new OpenClAssignBackend(device, true)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> backend.dispatch(points, 4, 1, centroids, 2, labels, new float[4],
                            4, 5));
            assertTrue(e.getMessage().contains("1 work items launched past the range of 4"),
                    e.getMessage());
            backend.assign(points, 4, 1, centroids, 2, labels, null, null, null);
            assertArrayEquals(new int[] {0, 0, 1, 1}, labels);
        }
    }

    @Test
    void blocksOfOddSizesAndNewArraysReuseOneKernel() {
        assumeTrue(device != null, missing);
        try (OpenClAssignBackend backend = new OpenClAssignBackend(device, true)) {
            for (int n : new int[] {1, 63, 65, 130}) {
                float[] centres = AssignFixtures.centres(5, 7, n);
                float[] points = AssignFixtures.separatedPoints(n, 7, centres, 5, n + 1);
                int[] labels = new int[n];
                backend.assign(points, n, 7, centres, 5, labels, null, null, null);
                assertArrayEquals(AssignFixtures.referenceLabels(points, n, 7, centres, 5),
                        labels, "n=" + n);
            }
        }
    }

    @Test
    void selectingOpenClNamesTheDevice() {
        assumeTrue(device != null, missing);
        BackendSelection s = Backends.select("opencl", false);
        try (AssignBackend b = s.backend()) {
            assertEquals("opencl", s.name());
            assertEquals(false, s.fallback());
            assertTrue(s.reason().contains(device.getName()), s.reason());
        }
    }
}
