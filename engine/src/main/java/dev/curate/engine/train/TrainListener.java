package dev.curate.engine.train;

import java.nio.file.Path;

/**
 * Receives a training run's progress, on the training thread: keep handlers short (hand off
 * to another thread to publish). An exception thrown here stops the run; the last checkpoint
 * stays valid.
 */
public interface TrainListener {

    /** A listener that ignores everything. */
    TrainListener NONE = new TrainListener() {
    };

    /**
     * Called after every step.
     *
     * @param stats the step's statistics
     */
    default void onStep(TrainStepStats stats) {
    }

    /**
     * Called after a checkpoint is complete and renamed into place.
     *
     * @param step steps done at the checkpoint
     * @param dir the checkpoint folder
     */
    default void onCheckpoint(long step, Path dir) {
    }
}
