package dev.curate.engine.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field case C19 (a): without an OpenCL platform, or without a loadable OpenCL library, a run
 * falls back to Java with a recorded reason, computes the reference labels and never fails with
 * a link error. Each variant runs in a child JVM whose environment hides OpenCL, because Aparapi
 * loads its native library once per JVM.
 */
class C19NoOpenClPlatformTest {

    private static int referenceHash;

    @TempDir
    Path tmp;

    @BeforeAll
    static void reference() {
        float[] centres = C19BackendChoiceMain.centres();
        float[] points = C19BackendChoiceMain.points(centres);
        referenceHash = Arrays.hashCode(AssignFixtures.referenceLabels(points,
                C19BackendChoiceMain.N, C19BackendChoiceMain.D, centres, C19BackendChoiceMain.K));
    }

    @Test
    void c19NoOpenClPlatformFallsBackToJavaWithTheReason() throws IOException {
        Path vendors = Files.createDirectory(tmp.resolve("no-icd-vendors"));
        Child child = runChild(Map.of("OCL_ICD_VENDORS", vendors.toString()), List.of());
        assertFalse(child.output.contains("UnsatisfiedLinkError"), child.output);
        Choice opencl = child.choice("opencl");
        assumeFalse(Backends.NO_OPENCL_LIBRARY.equals(opencl.reason),
                "libOpenCL.so.1 is not installed here (Debian ocl-icd-libopencl1); the"
                        + " unloadable-library variant covers this machine");
        assertEquals("java", opencl.name, child.output);
        assertTrue(opencl.fallback, child.output);
        assertEquals("no OpenCL device found (OpenCL platforms: 0)", opencl.reason);
        Choice auto = child.choice("auto");
        assertTrue(auto.reason.startsWith("no OpenCL GPU found (OpenCL platforms: 0); "),
                auto.reason);
        assertTrue(auto.name.equals("cpu-fast") || auto.name.equals("java"), auto.name);
        assertEquals(auto.name.equals("java"), auto.fallback, child.output);
        assertEquals(referenceHash, opencl.labelsHash);
        assertEquals(referenceHash, auto.labelsHash);
    }

    @Test
    void c19UnloadableOpenClLibraryRunsInPureJavaWithoutLinkError() throws IOException {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"),
                "shadowing libOpenCL.so.1 through LD_LIBRARY_PATH works on Linux only");
        // An empty file named like the OpenCL library, found first: the dynamic loader fails to
        // load Aparapi's native library exactly as on a machine without libOpenCL.so.1.
        Path dir = Files.createDirectory(tmp.resolve("broken-lib"));
        Files.write(dir.resolve("libOpenCL.so.1"), new byte[0]);
        String old = System.getenv("LD_LIBRARY_PATH");
        String path = old == null || old.isEmpty() ? dir.toString() : dir + ":" + old;
        Child child = runChild(Map.of("LD_LIBRARY_PATH", path), List.of());
        assertFalse(child.output.contains("UnsatisfiedLinkError"), child.output);
        Choice opencl = child.choice("opencl");
        assertEquals("java", opencl.name, child.output);
        assertTrue(opencl.fallback, child.output);
        assertEquals(Backends.NO_OPENCL_LIBRARY, opencl.reason);
        Choice auto = child.choice("auto");
        assertTrue(auto.reason.startsWith(Backends.NO_OPENCL_LIBRARY + "; "), auto.reason);
        assertEquals(referenceHash, opencl.labelsHash);
        assertEquals(referenceHash, auto.labelsHash);
    }

    @Test
    void c19LinkErrorAtTheFirstNativeCallIsAReportedFallback() throws IOException {
        // Aparapi's agent mode skips loading its native library, so its first native call
        // throws UnsatisfiedLinkError (Syncleus/aparapi #52): the run still completes in Java.
        Child child = runChild(Map.of(), List.of("-Dcom.aparapi.useAgent=true"));
        Choice opencl = child.choice("opencl");
        assertEquals("java", opencl.name, child.output);
        assertTrue(opencl.fallback, child.output);
        assertTrue(opencl.reason.startsWith("OpenCL unusable (java.lang.UnsatisfiedLinkError: "),
                opencl.reason);
        assertFalse(child.output.contains("Exception in thread"), child.output);
        assertEquals(referenceHash, opencl.labelsHash);
        assertEquals(referenceHash, child.choice("auto").labelsHash);
    }

    @Test
    void poclSigfpeHandlerVariableUnsetMeansOpenClIsNotLoaded() throws IOException {
        Child child = runChild(Map.of(), List.of(), List.of(PoclSignalGuard.VARIABLE));
        Choice opencl = child.choice("opencl");
        assertEquals("java", opencl.name, child.output);
        assertTrue(opencl.fallback, child.output);
        assertEquals(PoclSignalGuard.NOT_SET, opencl.reason);
        assertTrue(child.choice("auto").reason.startsWith(PoclSignalGuard.NOT_SET + "; "),
                child.choice("auto").reason);
        assertEquals("throws", child.division(), child.output);
        assertEquals(referenceHash, opencl.labelsHash);
    }

    @Test
    void divisionByZeroStillThrowsAfterOpenClLoads() throws IOException {
        Child child = runChild(Map.of(PoclSignalGuard.VARIABLE, "0"), List.of());
        assertEquals("throws", child.division(), child.output);
        assertEquals(referenceHash, child.choice("opencl").labelsHash);
    }

    private static Child runChild(Map<String, String> env, List<String> jvmFlags)
            throws IOException {
        return runChild(env, jvmFlags, List.of());
    }

    private static Child runChild(Map<String, String> env, List<String> jvmFlags,
            List<String> unset) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("no path of the running java"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                C19BackendChoiceMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().keySet().removeAll(unset);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not end: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for the child JVM", e);
        }
        assertEquals(0, p.exitValue(), out);
        return new Child(out);
    }

    /** One selection printed by the child. */
    private record Choice(String name, boolean fallback, int labelsHash, String reason) {
    }

    /** The child's output and its selections by choice. */
    private static final class Child {
        final String output;
        final Map<String, Choice> choices = new LinkedHashMap<>();

        Child(String output) {
            this.output = output;
            for (String line : output.split("\\R")) {
                if (line.startsWith("C19|")) {
                    String[] f = line.split("\\|", 6);
                    choices.put(f[1], new Choice(f[2], Boolean.parseBoolean(f[3]),
                            Integer.parseInt(f[4]), f[5]));
                }
            }
        }

        String division() {
            for (String line : output.split("\\R")) {
                if (line.startsWith("DIV|")) {
                    return line.substring(4);
                }
            }
            return "no DIV line";
        }

        Choice choice(String name) {
            Choice c = choices.get(name);
            assertNotNull(c, "child printed no line for " + name + ": " + output);
            return c;
        }
    }
}
