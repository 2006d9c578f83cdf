package dev.curate.engine.stratify;

import java.util.Arrays;

/** A growable list of ints without boxing; grows by half its size. Not thread safe. */
final class IntList {

    private int[] values;
    private int size;

    IntList(int capacity) {
        values = new int[Math.max(4, capacity)];
    }

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.addExact(size, Math.max(4, size >> 1)));
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    int get(int i) {
        return values[i];
    }

    void set(int i, int v) {
        values[i] = v;
    }

    /** Returns the last value; the list must not be empty. */
    int last() {
        return values[size - 1];
    }

    void clear() {
        size = 0;
    }

    /** Returns a trimmed copy and releases this list's storage. */
    int[] toArrayAndClear() {
        int[] out = size == values.length ? values : Arrays.copyOf(values, size);
        values = new int[4];
        size = 0;
        return out;
    }
}
