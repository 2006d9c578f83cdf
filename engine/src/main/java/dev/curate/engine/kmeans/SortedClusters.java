package dev.curate.engine.kmeans;

import java.util.Arrays;

/**
 * Rows grouped by label in CSR layout, each group sorted by distance to its centroid (closest
 * first, ties by row number).
 *
 * @param offsets {@code k + 1} offsets into {@code rows}
 * @param rows row numbers grouped by label
 */
record SortedClusters(int[] offsets, int[] rows) {

    /**
     * Groups and sorts the rows of an assignment.
     *
     * @param labels label per row, in {@code [0, k)}
     * @param distances non-negative distance per row
     * @param k number of labels
     */
    static SortedClusters of(int[] labels, float[] distances, int k) {
        int[] offsets = new int[k + 1];
        for (int label : labels) {
            offsets[label + 1]++;
        }
        for (int c = 0; c < k; c++) {
            offsets[c + 1] += offsets[c];
        }
        long[] keys = new long[labels.length];
        int[] next = Arrays.copyOf(offsets, k);
        for (int i = 0; i < labels.length; i++) {
            // non-negative floats order like their bit patterns, so one long sorts both keys
            long bits = Float.floatToIntBits(Math.max(0f, distances[i]));
            keys[next[labels[i]]++] = bits << 32 | i;
        }
        int[] rows = new int[labels.length];
        for (int c = 0; c < k; c++) {
            Arrays.sort(keys, offsets[c], offsets[c + 1]);
        }
        for (int i = 0; i < keys.length; i++) {
            rows[i] = (int) keys[i];
        }
        return new SortedClusters(offsets, rows);
    }

    /** Returns the size of group {@code c}. */
    int size(int c) {
        return offsets[c + 1] - offsets[c];
    }

    /** Returns a copy of group {@code c}'s rows, closest first. */
    int[] group(int c) {
        return Arrays.copyOfRange(rows, offsets[c], offsets[c + 1]);
    }
}
