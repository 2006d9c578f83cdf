package dev.curate.engine.accel;

import java.util.Objects;

/**
 * The backend a run uses and why, as recorded in the run's metadata.
 *
 * @param backend the backend; the caller owns it and closes it when the run ends
 * @param name the backend's name ({@code opencl}, {@code cpu-fast} or {@code java})
 * @param reason why it was chosen: the device for OpenCL, or the cause of a fallback
 * @param fallback whether the backend is not the one the user asked for (for {@code auto}:
 *     not the best kind, an OpenCL GPU)
 */
public record BackendSelection(AssignBackend backend, String name, String reason,
        boolean fallback) {

    /** Checks that nothing is missing. */
    public BackendSelection {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }
}
