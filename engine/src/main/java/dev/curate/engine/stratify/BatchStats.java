package dev.curate.engine.stratify;

/**
 * What one batch drew.
 *
 * @param epoch the epoch, from 0
 * @param batch the batch within the epoch, from 0
 * @param size tiles in the batch
 * @param perStratum tiles drawn from each stratum (its quota), indexed by stratum
 * @param openSlides slides open in the epoch after this batch, at most the cap
 * @param repeats tiles drawn a second (or further) time inside this batch
 * @param strataSmallerThanQuota strata with fewer tiles than their quota in this batch
 * @param strataCapLimited strata with enough tiles but fewer than their quota on open slides
 * @param fallbacks strata that had no tile on an open slide and drew from the whole stratum
 */
public record BatchStats(int epoch, int batch, int size, int[] perStratum, int openSlides,
        int repeats, int strataSmallerThanQuota, int strataCapLimited, int fallbacks) {
}
