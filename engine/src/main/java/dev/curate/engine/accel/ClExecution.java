package dev.curate.engine.accel;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;

/**
 * Runs an Aparapi kernel on one OpenCL device and turns every way Aparapi leaves that device
 * into an {@link IllegalStateException}, so that no kernel silently runs on Java threads
 * (field case C19, aparapi issue #20).
 */
final class ClExecution {

    private ClExecution() {
    }

    /**
     * Executes {@code kernel} over {@code global} work items in groups of {@code local} on
     * {@code device}.
     *
     * @throws IllegalStateException when Aparapi cannot run the kernel on the device, or ran it
     *     on Java threads instead
     */
    static void runOnDevice(Kernel kernel, OpenCLDevice device, int global, int local) {
        run(kernel, Range.create(device, global, local), describe(device));
    }

    /**
     * Executes {@code kernel} over {@code range} and checks afterwards that it ran on OpenCL;
     * {@code target} names the intended device in messages.
     */
    static void run(Kernel kernel, Range range, String target) {
        String name = kernel.getClass().getSimpleName();
        try {
            kernel.execute(range);
        } catch (AssertionError | RuntimeException e) {
            // Aparapi reports a kernel it cannot build for a device the range names by an
            // AssertionError from its fallback to the next (Java) device.
            throw new IllegalStateException("kernel " + name + " cannot run on " + target
                    + ", Aparapi would fall back to Java threads: " + e.getMessage(), e);
        }
        if (!kernel.isRunningCL()) {
            throw new IllegalStateException("kernel " + name + " ran on " + kernel.getTargetDevice()
                    + " (Aparapi's silent Java fallback), not on " + target
                    + "; see the Aparapi warning above for the cause");
        }
    }

    /** Returns the device's name and type, for messages, logs and run metadata. */
    static String describe(OpenCLDevice device) {
        return device.getName() + " (" + device.getType() + ")";
    }
}
