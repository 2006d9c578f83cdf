package dev.curate.engine.accel;

import java.util.Arrays;

/**
 * Child-JVM entry of {@link C19NoOpenClPlatformTest}: selects {@code auto} and {@code opencl},
 * runs the case's assignment (1000 x 64 float32, k = 16) on each selected backend and prints
 * one line per choice: {@code C19|choice|name|fallback|labels hash|reason}, then
 * {@code DIV|throws} when an integer division by zero still throws afterwards.
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
        System.out.println("DIV|" + divisionByZero());
    }

    /** Returns {@code throws} when the JVM's SIGFPE handler still raises on a division by 0. */
    private static String divisionByZero() {
        int zero = Integer.parseInt("0");
        try {
            return "returned " + (7 / zero);
        } catch (ArithmeticException e) {
            return "throws";
        }
    }

    static float[] centres() {
        return AssignFixtures.centres(K, D, 19);
    }

    static float[] points(float[] centres) {
        return AssignFixtures.separatedPoints(N, D, centres, K, 20);
    }
}
