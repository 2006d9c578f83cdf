package dev.curate.engine.accel;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the assign backend of a run, once, and logs the choice once: INFO naming the device,
 * or WARN with the reason, the remedy and the consequence of a fallback. Modelled on jvector's
 * {@code VectorizationProvider}: a missing native library never throws a link error, it is a
 * reported fallback.
 */
public final class Backends {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    /**
     * The reason of the fallback when Aparapi's native library or the OpenCL library it links
     * to ({@code libOpenCL.so.1}) does not load.
     */
    static final String NO_OPENCL_LIBRARY = "OpenCL library not loadable (Aparapi's native "
            + "library or libOpenCL.so.1 is missing or broken)";

    /** The accepted values of {@link #select}'s {@code choice}. */
    public static final List<String> CHOICES = List.of("auto", "opencl", "cpu-fast", "java");

    private Backends() {
    }

    /**
     * Selects and creates a backend.
     *
     * <ul>
     *   <li>{@code opencl}: the first OpenCL GPU, else the first other OpenCL device (a CPU
     *       through PoCL); a missing library or device, or a kernel that does not run on it,
     *       falls back to {@code java}, and the reason says which.</li>
     *   <li>{@code cpu-fast}: SGEMM in the native BLAS; netlib-java's Java code is a reported
     *       fallback (it is slower than {@code java}, so {@code java} is used instead).</li>
     *   <li>{@code java}: the plain-Java reference; never a fallback.</li>
     *   <li>{@code auto}: {@code opencl} if an OpenCL GPU exists, else {@code cpu-fast} if the
     *       native BLAS loads (not a fallback: on a CPU it is the fastest path), else
     *       {@code java} (a fallback).</li>
     * </ul>
     *
     * @param choice one of {@link #CHOICES}, case ignored
     * @param requireGpu whether anything but an OpenCL GPU is an error (the
     *     {@code --require-gpu} option); only with {@code opencl} or {@code auto}
     * @return the backend and the reason, to be stored with the run
     * @throws IllegalArgumentException when {@code choice} is not one of {@link #CHOICES}, or
     *     {@code requireGpu} is set with {@code java} or {@code cpu-fast}
     * @throws IllegalStateException when {@code requireGpu} is set and no OpenCL GPU runs the
     *     kernel
     */
    public static BackendSelection select(String choice, boolean requireGpu) {
        String c = choice == null ? "" : choice.trim().toLowerCase(Locale.ROOT);
        if (!CHOICES.contains(c)) {
            throw new IllegalArgumentException("backend '" + choice + "' is not one of "
                    + CHOICES);
        }
        if (requireGpu && !c.equals("opencl") && !c.equals("auto")) {
            throw new IllegalArgumentException("backend '" + c + "' never uses a GPU, but a GPU "
                    + "is required (--require-gpu): choose opencl or auto");
        }
        BackendSelection selection = switch (c) {
            case "opencl" -> opencl(requireGpu);
            case "auto" -> requireGpu ? opencl(true) : auto();
            case "cpu-fast" -> cpuFast();
            case "java" -> new BackendSelection(new JavaAssignBackend(), "java",
                    "plain Java threads, as asked", false);
            default -> throw new IllegalStateException("unhandled backend " + c);
        };
        if (requireGpu && selection.fallback()) {
            selection.backend().close();
            throw new IllegalStateException("a GPU is required (--require-gpu) but backend '"
                    + c + "' fell back: " + selection.reason());
        }
        log(selection);
        return selection;
    }

    private static BackendSelection auto() {
        BackendSelection gpu = opencl(true);
        if (!gpu.fallback()) {
            return gpu;
        }
        gpu.backend().close();
        BackendSelection fast = cpuFast();
        String reason = gpu.reason() + "; " + fast.reason();
        if (fast.fallback()) {
            return new BackendSelection(fast.backend(), fast.name(), reason, true);
        }
        return new BackendSelection(fast.backend(), fast.name(), reason, false);
    }

    private static BackendSelection opencl(boolean gpuOnly) {
        if (!PoclSignalGuard.safeToLoad(System.getenv(PoclSignalGuard.VARIABLE))) {
            return javaFallback(PoclSignalGuard.NOT_SET);
        }
        BackendSelection selection = openclDevice(gpuOnly);
        try {
            PoclSignalGuard.requireDivisionTrap();
        } catch (IllegalStateException e) {
            selection.backend().close();
            throw e;
        }
        return selection;
    }

    private static BackendSelection openclDevice(boolean gpuOnly) {
        OpenClAssignBackend backend = null;
        try {
            if (!OpenCLLoader.isOpenCLAvailable()) {
                return javaFallback(NO_OPENCL_LIBRARY);
            }
            OpenCLDevice device = findDevice(gpuOnly);
            if (device == null) {
                return javaFallback((gpuOnly ? "no OpenCL GPU found" : "no OpenCL device found")
                        + " (OpenCL platforms: "
                        + OpenCLPlatform.getUncachedOpenCLPlatforms().size() + ")");
            }
            backend = new OpenClAssignBackend(device, false);
            probe(backend);
            return new BackendSelection(backend, "opencl", "OpenCL device "
                    + backend.deviceDescription(), false);
        } catch (LinkageError | RuntimeException e) {
            if (backend != null) {
                backend.close();
            }
            return javaFallback("OpenCL unusable (" + e + ")");
        }
    }

    private static OpenCLDevice findDevice(boolean gpuOnly) {
        List<OpenCLDevice> devices = new ArrayList<>(OpenCLDevice.listDevices(Device.TYPE.GPU));
        if (!gpuOnly) {
            devices.addAll(OpenCLDevice.listDevices(Device.TYPE.ACC));
            devices.addAll(OpenCLDevice.listDevices(Device.TYPE.CPU));
        }
        return devices.isEmpty() ? null : devices.get(0);
    }

    /** Runs a tiny assignment and compares it with the Java reference. */
    static void probe(AssignBackend backend) {
        int n = 67;
        int d = 5;
        int k = 6;
        float[] points = new float[n * d];
        for (int i = 0; i < points.length; i++) {
            points[i] = (i * 37 % 101) / 10f;
        }
        float[] centroids = new float[k * d];
        System.arraycopy(points, 0, centroids, 0, k * d);
        int[] got = new int[n];
        int[] want = new int[n];
        backend.assign(points, n, d, centroids, k, got, null, null, null);
        new JavaAssignBackend().assign(points, n, d, centroids, k, want, null, null, null);
        for (int i = 0; i < n; i++) {
            if (got[i] != want[i]) {
                throw new IllegalStateException("backend " + backend.name() + " labels point "
                        + i + " as " + got[i] + " but the Java reference says " + want[i]);
            }
        }
    }

    private static BackendSelection cpuFast() {
        try {
            BlasAssignBackend blas = new BlasAssignBackend();
            if (blas.isNative()) {
                probe(blas);
                return new BackendSelection(blas, "cpu-fast", "native BLAS ("
                        + blas.implementation() + ")", false);
            }
            return javaFallback("netlib-java found no native BLAS (got "
                    + blas.implementation() + "); install libopenblas0-pthread");
        } catch (LinkageError | RuntimeException e) {
            return javaFallback("native BLAS unusable (" + e + ")");
        }
    }

    private static BackendSelection javaFallback(String reason) {
        return new BackendSelection(new JavaAssignBackend(), "java", reason, true);
    }

    private static void log(BackendSelection s) {
        if (s.fallback()) {
            LOG.warn("k-means backend fallback: {}; using {}, expect slower assign steps; "
                    + "remedy: install an OpenCL driver or OpenBLAS, or choose the backend "
                    + "explicitly", s.reason(), s.name());
        } else {
            LOG.info("k-means backend {}: {}", s.name(), s.reason());
        }
    }
}
