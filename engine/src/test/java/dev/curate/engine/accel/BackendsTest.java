package dev.curate.engine.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void javaIsNeverAFallback() {
        BackendSelection s = Backends.select("JAVA", false);
        try (AssignBackend b = s.backend()) {
            assertEquals("java", s.name());
            assertEquals("java", b.name());
            assertFalse(s.fallback());
        }
    }

    @Test
    void cpuFastUsesNativeBlasOrReportsTheFallback() {
        BackendSelection s = Backends.select("cpu-fast", false);
        try (AssignBackend b = s.backend()) {
            if (s.fallback()) {
                assertEquals("java", s.name());
                assertTrue(s.reason().contains("BLAS"), s.reason());
            } else {
                assertEquals("cpu-fast", b.name());
                assertTrue(((BlasAssignBackend) b).isNative());
                assertTrue(s.reason().startsWith("native BLAS"), s.reason());
            }
        }
    }

    @Test
    void autoPicksGpuElseCpuFastElseJava() {
        boolean gpu = hasGpu();
        BackendSelection s = Backends.select("auto", false);
        try (AssignBackend b = s.backend()) {
            if (gpu) {
                assertEquals("opencl", s.name());
            } else {
                assertTrue(s.reason().startsWith("no OpenCL GPU found (OpenCL platforms: ")
                        || s.reason().startsWith(Backends.NO_OPENCL_LIBRARY)
                        || s.reason().startsWith("OpenCL unusable"), s.reason());
                assertEquals(s.name().equals("java"), s.fallback(), s.toString());
            }
        }
    }

    @Test
    void requireGpuTurnsAFallbackIntoAnError() {
        if (hasGpu()) {
            Backends.select("auto", true).backend().close();
            return;
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Backends.select("auto", true));
        assertTrue(e.getMessage().contains("--require-gpu"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Backends.select("opencl", true));
    }

    @Test
    void requireGpuWithACpuOnlyBackendIsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.select("java", true));
        assertTrue(e.getMessage().contains("'java' never uses a GPU"), e.getMessage());
    }

    @Test
    void rejectsUnknownBackendNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.select("cuda", false));
        assertEquals("backend 'cuda' is not one of [auto, opencl, cpu-fast, java]",
                e.getMessage());
    }

    private static boolean hasGpu() {
        try {
            return !OpenCLDevice.listDevices(Device.TYPE.GPU).isEmpty();
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }
}
