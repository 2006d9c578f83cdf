package dev.curate.engine.train;

import java.util.List;

/**
 * What one training step reports: loss terms, schedules, throughput and the batch's
 * composition.
 *
 * @param step steps done after this one, 1 to {@code totalSteps}
 * @param totalSteps steps of the whole run
 * @param loss the optimised total,
 *     {@code dinoLoss + koleoWeight * koleoLoss + ibotWeight * ibotLoss}
 * @param dinoLoss the DINO cross-entropy term
 * @param koleoLoss the KoLeo term (0 when its weight is 0)
 * @param ibotLoss the iBOT masked-patch term (0 when its weight is 0 or nothing was masked)
 * @param learningRate learning rate of this step
 * @param weightDecay weight decay of this step
 * @param teacherMomentum teacher EMA momentum of this step
 * @param tiles tiles trained on in this step
 * @param missingTiles tiles of this batch the image source did not have (skipped)
 * @param duplicates entries of the batch that repeat an earlier tile of the same batch
 * @param stratumCounts tiles per stratum in the batch, as the batch source composed it
 * @param imagesPerSecond tiles per second of wall time over this step, waiting included
 * @param waitMs time this step waited for its batch, milliseconds
 * @param stepMs wall time of this step including the wait, milliseconds
 */
public record TrainStepStats(long step, long totalSteps, float loss, float dinoLoss,
        float koleoLoss, float ibotLoss, double learningRate, double weightDecay,
        double teacherMomentum,
        int tiles, int missingTiles, int duplicates, List<Integer> stratumCounts,
        double imagesPerSecond, double waitMs, double stepMs) {

    /** Copies the list. */
    public TrainStepStats {
        stratumCounts = List.copyOf(stratumCounts);
    }
}
