package dev.curate.engine.tree;

import java.util.Arrays;

/**
 * Order statistics of a list of sizes (cluster sizes, or per-cluster counts of a subset).
 *
 * @param count how many sizes
 * @param zeros how many of them are 0 (empty clusters, or clusters a subset misses)
 * @param min smallest size
 * @param median median size (lower middle for an even count)
 * @param max largest size
 * @param mean arithmetic mean
 * @param cv coefficient of variation (standard deviation / mean); 0 means perfectly even
 */
public record SizeSummary(int count, int zeros, long min, long median, long max, double mean,
        double cv) {

    /** Summarises {@code sizes}; an empty array gives all zeros. */
    public static SizeSummary of(long[] sizes) {
        if (sizes.length == 0) {
            return new SizeSummary(0, 0, 0, 0, 0, 0, 0);
        }
        long[] sorted = sizes.clone();
        Arrays.sort(sorted);
        int zeros = 0;
        double sum = 0;
        for (long s : sorted) {
            zeros += s == 0 ? 1 : 0;
            sum += s;
        }
        double mean = sum / sorted.length;
        double squares = 0;
        for (long s : sorted) {
            squares += (s - mean) * (s - mean);
        }
        double cv = mean == 0 ? 0 : Math.sqrt(squares / sorted.length) / mean;
        return new SizeSummary(sorted.length, zeros, sorted[0], sorted[(sorted.length - 1) / 2],
                sorted[sorted.length - 1], mean, cv);
    }

    /** Returns the ratio of the largest to the smallest size, or infinity when a size is 0. */
    public double maxToMin() {
        return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
    }
}
