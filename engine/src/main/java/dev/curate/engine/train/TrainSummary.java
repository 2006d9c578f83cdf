package dev.curate.engine.train;

import java.nio.file.Path;

/**
 * The outcome of one call of {@link DinoTrainer#train}.
 *
 * @param firstStep steps already done when the call started (0 unless resumed)
 * @param lastStep steps done when the call ended
 * @param lastLoss loss of the last step, NaN if no step ran
 * @param images tiles trained on in this call
 * @param missingTiles tiles the image source did not have, skipped
 * @param skippedBatches batches left out because fewer than 2 of their tiles could be read
 * @param seconds wall time of the call
 * @param waitSeconds time spent waiting for batches
 * @param checkpoint the last checkpoint written, or null when none was
 */
public record TrainSummary(long firstStep, long lastStep, float lastLoss, long images,
        long missingTiles, long skippedBatches, double seconds, double waitSeconds,
        Path checkpoint) {

    /** Returns tiles per second over the call. */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }

    /** Returns the share of the wall time spent waiting for batches, 0 to 1. */
    public double waitShare() {
        return seconds > 0 ? waitSeconds / seconds : 0;
    }

    /** Returns a one-line summary with units. */
    public String describe() {
        return String.format("trained steps %d..%d: last loss %.4f, %,d tiles in %.1f s "
                + "(%.1f images/s), waited %.1f %% of the time for batches, %d missing tiles, "
                + "%d batches skipped", firstStep + 1, lastStep, lastLoss, images, seconds,
                imagesPerSecond(), 100 * waitShare(), missingTiles, skippedBatches);
    }
}
