package dev.curate.engine.stratify;

/**
 * What one pseudo-epoch drew; per-stratum arrays are indexed by stratum.
 *
 * @param epoch the epoch, from 0
 * @param tiles tiles in the epoch's schedule
 * @param batches batches in the epoch
 * @param slidesOpened slides opened, at most the cap
 * @param fallbackSlides slides outside the open set that fallback draws used (beyond the cap)
 * @param repeats tiles drawn again inside their batch, over all batches
 * @param drawn tiles drawn per stratum
 * @param repeatsPerStratum repeats inside a batch per stratum
 * @param batchesSmallerThanQuota per stratum, batches where the stratum had fewer tiles than
 *     its quota
 * @param batchesCapLimited per stratum, batches where its tiles on open slides were fewer than
 *     its quota although the stratum had enough
 * @param fallbackDraws per stratum, tiles drawn by the fallback to the whole stratum
 */
public record EpochReport(int epoch, int tiles, int batches, int slidesOpened,
        int fallbackSlides, long repeats, long[] drawn, long[] repeatsPerStratum,
        int[] batchesSmallerThanQuota, int[] batchesCapLimited, long[] fallbackDraws) {

    /** Returns the number of strata that were smaller than their quota in some batch. */
    public int strataSmallerThanQuota() {
        return countPositive(batchesSmallerThanQuota);
    }

    /** Returns the number of strata that fell back to the whole stratum in some batch. */
    public int strataWithFallback() {
        int n = 0;
        for (long f : fallbackDraws) {
            n += f > 0 ? 1 : 0;
        }
        return n;
    }

    /** Returns the total number of fallback draws. */
    public long fallbackDrawsTotal() {
        long n = 0;
        for (long f : fallbackDraws) {
            n += f;
        }
        return n;
    }

    private static int countPositive(int[] values) {
        int n = 0;
        for (int v : values) {
            n += v > 0 ? 1 : 0;
        }
        return n;
    }
}
