package dev.curate.engine.stratify;

import java.util.Arrays;

/** An open-addressing set of non-negative ints, cleared in time proportional to its size. */
final class TileSet {

    /** Slot values are {@code v + 1}; 0 is empty. */
    private int[] slots = new int[64];
    /** The slots in use, to clear them. */
    private IntList used = new IntList(64);

    boolean contains(int v) {
        int mask = slots.length - 1;
        for (int i = hash(v) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == v + 1) {
                return true;
            }
            if (s == 0) {
                return false;
            }
        }
    }

    /** Adds {@code v}; returns false when it was present. */
    boolean add(int v) {
        if ((used.size() + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = hash(v) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == v + 1) {
                return false;
            }
            if (s == 0) {
                slots[i] = v + 1;
                used.add(i);
                return true;
            }
        }
    }

    int size() {
        return used.size();
    }

    boolean isEmpty() {
        return used.size() == 0;
    }

    void clear() {
        if (used.size() * 8 < slots.length) {
            for (int k = 0; k < used.size(); k++) {
                slots[used.get(k)] = 0;
            }
        } else {
            Arrays.fill(slots, 0);
        }
        used.clear();
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        int mask = slots.length - 1;
        IntList moved = new IntList(old.length);
        for (int k = 0; k < used.size(); k++) {
            int s = old[used.get(k)];
            int i = hash(s - 1) & mask;
            while (slots[i] != 0) {
                i = (i + 1) & mask;
            }
            slots[i] = s;
            moved.add(i);
        }
        used = moved;
    }

    private static int hash(int v) {
        int h = v * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
