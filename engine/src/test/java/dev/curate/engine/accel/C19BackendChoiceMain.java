package dev.curate.engine.accel;

import java.util.Arrays;

/**
 * Child-JVM entry of {@link C19NoOpenClPlatformTest}: selects {@code auto} and {@code opencl},
 * runs the case's assignment (1000 x 64 float32, k = 16) on each selected backend and prints
 * one line per choice: {@code C19|choice|name|fallback|labels hash|reason}.
 */
public final class C19BackendChoiceMain {

    static final int N = 1000;
    static final int D = 64;
    static final int K = 16;

    private C19BackendChoiceMain() {
    }

    /**
     * Prints the selection and the labels' hash of each choice.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        float[] centres = centres();
        float[] points = points(centres);
        for (String choice : new String[] {"auto", "opencl"}) {
            BackendSelection s = Backends.select(choice, false);
            int[] labels = new int[N];
            try (AssignBackend backend = s.backend()) {
                backend.assign(points, N, D, centres, K, labels, null, null, null);
            }
            System.out.println("C19|" + choice + "|" + s.name() + "|" + s.fallback() + "|"
                    + Arrays.hashCode(labels) + "|" + s.reason());
        }
    }

    static float[] centres() {
        return AssignFixtures.centres(K, D, 19);
    }

    static float[] points(float[] centres) {
        return AssignFixtures.separatedPoints(N, D, centres, K, 20);
    }
}
