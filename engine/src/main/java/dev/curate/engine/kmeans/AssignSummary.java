package dev.curate.engine.kmeans;

import dev.curate.engine.accel.ClusterSums;

/**
 * What one assign step over an {@link AssignableSource} returns to the caller: all that
 * Lloyd's update and an iteration's stats need, while the labels and distances stay where the
 * rows are until {@link AssignableSource#lastAssignment} fetches them.
 *
 * @param sums exact sums of the rows of every centroid
 * @param counts rows per centroid
 * @param changed rows whose label differs from the step before (all rows on a first step)
 * @param objective sum of the squared distances, added exactly
 */
public record AssignSummary(ClusterSums sums, long[] counts, long changed, double objective) {
}
