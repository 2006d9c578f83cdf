package dev.curate.engine.tree;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps the integer cluster labels of one CSV column to dense ids {@code 0 .. k - 1} in order of
 * first appearance. Small non-negative labels (the usual case, below 2^24) use a flat table;
 * others a hash map. Not thread safe.
 */
final class LabelMap {

    private static final long DIRECT_LIMIT = 1L << 24;

    /** Dense id + 1 per small label; 0 means not seen. */
    private int[] direct = new int[1024];
    private final Map<Long, Integer> sparse = new HashMap<>();
    private long[] raw = new long[1024];
    private int count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    /** Returns the dense id of {@code label}, assigning the next one when it is new. */
    int idOf(long label) {
        if (label >= 0 && label < DIRECT_LIMIT) {
            int l = (int) label;
            if (l >= direct.length) {
                direct = Arrays.copyOf(direct, Math.max(l + 1, 2 * direct.length));
            }
            if (direct[l] == 0) {
                direct[l] = add(label) + 1;
            }
            return direct[l] - 1;
        }
        Integer id = sparse.get(label);
        if (id == null) {
            id = add(label);
            sparse.put(label, id);
        }
        return id;
    }

    private int add(long label) {
        if (count == raw.length) {
            raw = Arrays.copyOf(raw, 2 * raw.length);
        }
        raw[count] = label;
        min = Math.min(min, label);
        max = Math.max(max, label);
        return count++;
    }

    /** Returns the number of distinct labels seen. */
    int count() {
        return count;
    }

    /** Returns the original label of dense id {@code id}. */
    long labelOf(int id) {
        return raw[id];
    }

    /** Returns the original labels, indexed by dense id. */
    long[] labels() {
        return Arrays.copyOf(raw, count);
    }

    /** Returns whether the labels seen are exactly {@code 0 .. count - 1}. */
    boolean isDenseFromZero() {
        return count == 0 || (min == 0 && max == count - 1);
    }
}
