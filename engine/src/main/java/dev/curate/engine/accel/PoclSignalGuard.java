package dev.curate.engine.accel;

/**
 * Keeps PoCL, the CPU OpenCL driver, from breaking the JVM's integer division.
 *
 * <p>When PoCL initialises (the first OpenCL platform query loads every installed driver) it
 * installs its own SIGFPE handler unless the environment variable
 * {@code POCL_SIGFPE_HANDLER} is {@code 0}. The JVM uses SIGFPE to raise
 * {@link ArithmeticException} on an integer division by zero; PoCL's handler instead skips the
 * faulting instruction, so {@code i / 0} silently yields garbage and the process may crash
 * later with a segmentation fault. The variable can only be set before the JVM starts: the
 * {@code curate} launcher and the test builds set it, and code that embeds the engine must set
 * it too. This class refuses OpenCL when it is not set, and checks after loading that division
 * by zero still throws.
 *
 * <p>Stateless and thread safe.
 */
final class PoclSignalGuard {

    /** The PoCL environment variable that must be {@code 0}. */
    static final String VARIABLE = "POCL_SIGFPE_HANDLER";

    /** The fallback reason when {@link #VARIABLE} is not {@code 0}. */
    static final String NOT_SET = "OpenCL not loaded: " + VARIABLE + " is not 0, so PoCL would "
            + "replace the JVM's SIGFPE handler and integer division by zero would stop throwing; "
            + "start the JVM with " + VARIABLE + "=0 (the curate launcher does)";

    private static volatile int zero;

    private PoclSignalGuard() {
    }

    /**
     * Returns whether it is safe to load OpenCL drivers in this JVM.
     *
     * @param variableValue the value of {@link #VARIABLE} in this process's environment, or
     *     {@code null} when it is not set
     * @return {@code true} only when the value is {@code 0}
     */
    static boolean safeToLoad(String variableValue) {
        return "0".equals(variableValue == null ? null : variableValue.trim());
    }

    /**
     * Checks that an integer division by zero still throws {@link ArithmeticException}.
     *
     * @throws IllegalStateException when it does not: some native library replaced the JVM's
     *     SIGFPE handler, and integer arithmetic in this process can no longer be trusted
     */
    static void requireDivisionTrap() {
        int divisor = zero;
        try {
            int quotient = 1 / divisor;
            throw new IllegalStateException("integer division by zero returned " + quotient
                    + " instead of throwing: a native library (PoCL with " + VARIABLE
                    + " not 0?) replaced the JVM's SIGFPE handler; restart with " + VARIABLE
                    + "=0");
        } catch (ArithmeticException expected) {
            // the JVM's own handler is in place
        }
    }
}
