package dev.curate.engine.train;

/**
 * A cosine schedule with an optional linear warm-up, as DINO uses for the learning rate, the
 * weight decay and the teacher momentum (Caron et al. 2021, arXiv 2104.14294, appendix B):
 * from {@code warmupStart} to {@code base} linearly over {@code warmupSteps}, then
 * {@code end + (base - end) (1 + cos(pi t / T)) / 2} over the remaining {@code T} steps, then
 * {@code end}.
 *
 * @param base value at the end of the warm-up
 * @param end value at the last step
 * @param warmupStart value at step 0 when there is a warm-up
 * @param warmupSteps steps of linear warm-up, 0 to {@code totalSteps}
 * @param totalSteps steps of the whole run, at least 1
 */
public record CosineSchedule(double base, double end, double warmupStart, long warmupSteps,
        long totalSteps) {

    /** Validates the step counts. */
    public CosineSchedule {
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("schedule needs totalSteps >= 1 and 0 <= "
                    + "warmupSteps <= totalSteps; got " + warmupSteps + " of " + totalSteps);
        }
    }

    /** Returns a schedule without warm-up. */
    public static CosineSchedule of(double base, double end, long totalSteps) {
        return new CosineSchedule(base, end, base, 0, totalSteps);
    }

    /**
     * Returns the value at {@code step}.
     *
     * @param step step number from 0; past the end the final value
     */
    public double valueAt(long step) {
        if (step < warmupSteps) {
            return warmupStart + (base - warmupStart) * step / warmupSteps;
        }
        long span = totalSteps - warmupSteps;
        if (span <= 1 || step >= totalSteps - 1) {
            return step >= totalSteps - 1 ? end : base;
        }
        double t = (double) (step - warmupSteps) / (span - 1);
        return end + (base - end) * (1 + Math.cos(Math.PI * t)) / 2;
    }
}
