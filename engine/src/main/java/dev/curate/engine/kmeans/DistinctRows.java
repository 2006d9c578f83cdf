package dev.curate.engine.kmeans;

import java.util.HashSet;
import java.util.Set;

/**
 * Counts distinct rows by a 64-bit hash of their float bits ({@code -0.0} counted as
 * {@code 0.0}), stopping as soon as a limit is reached, so checking {@code k <= distinct} costs
 * about {@code k} rows on ordinary data.
 */
final class DistinctRows {

    private DistinctRows() {
    }

    /**
     * Returns the number of distinct rows of {@code data}, or {@code limit} when there are at
     * least that many.
     *
     * <p>Two different rows with the same 64-bit hash count as one; with a few million rows the
     * chance is below {@code 1e-6}.
     *
     * @param data the rows
     * @param limit stop counting at this number, at least 1
     */
    static int countUpTo(VectorSource data, int limit) {
        Set<Long> seen = new HashSet<>();
        int d = data.dim();
        data.scan(KMeans.scanRows(data), (first, count, block) -> {
            for (int i = 0; i < count && seen.size() < limit; i++) {
                seen.add(hash(block, i * d, d));
            }
        });
        return seen.size();
    }

    /** Returns a 64-bit hash of {@code d} floats from {@code offset}. */
    static long hash(float[] values, int offset, int d) {
        long h = 0x9E3779B97F4A7C15L;
        for (int j = 0; j < d; j++) {
            float v = values[offset + j];
            int bits = v == 0f ? 0 : Float.floatToIntBits(v);
            h = (h ^ bits) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 32);
    }
}
