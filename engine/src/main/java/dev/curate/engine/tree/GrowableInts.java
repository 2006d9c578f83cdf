package dev.curate.engine.tree;

import java.util.Arrays;

/**
 * An append-only list of primitive ints that grows by doubling, so that a column of tens of
 * millions of values costs four bytes each and no object per value. Not thread safe.
 */
final class GrowableInts {

    private int[] values;
    private int size;

    GrowableInts(int initialCapacity) {
        values = new int[Math.max(16, initialCapacity)];
    }

    void add(int value) {
        if (size == values.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * values.length);
            if (grown == size) {
                throw new IllegalStateException("more than " + size + " values in one column");
            }
            values = Arrays.copyOf(values, grown);
        }
        values[size++] = value;
    }

    int get(int i) {
        return values[i];
    }

    void set(int i, int value) {
        values[i] = value;
    }

    int size() {
        return size;
    }

    /** Returns a copy trimmed to the size. */
    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
