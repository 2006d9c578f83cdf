package dev.curate.engine.stratify;

/**
 * One pseudo-epoch's schedule: row {@code i} is tile {@code inds[i]} of slide index
 * {@code slides[i]}; batch {@code b} is rows {@code [b * B, (b + 1) * B)}.
 *
 * @param slides slide index per row (see {@link StrataPool#slideId(int)})
 * @param inds tile index within its slide per row
 * @param report what the epoch drew
 */
public record EpochSchedule(int[] slides, int[] inds, EpochReport report) {
}
