package dev.curate.engine.stratify;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The tiles one stratum may draw from (all its tiles, or those on open slides), with the
 * bookkeeping that makes a least-used-first draw cost O(1) on average: the pool's minimum
 * use-count and how many tiles hold it, kept exact as counts go up.
 *
 * <p>A draw at count level {@code c} is uniform over the pool's tiles at use-count {@code c}
 * that are not excluded (already drawn in the batch). It rejects uniform positions while at
 * least one tile in {@link #REJECTION_SHARE} is eligible, and otherwise draws from a list of
 * the eligible positions, built in ascending position order. The list and all other caches are
 * functions of the counts and the draws since {@link #resetEpoch()}, so an epoch's draws depend
 * only on the counts at its start and its random stream. Single-threaded.
 */
final class DrawPool {

    /** Rejection sampling while more than 1 in this many positions is eligible. */
    static final int REJECTION_SHARE = 8;

    final int stratum;
    private int[] inds;
    private int size;
    private int[] runStart;
    private int[] runSlide;
    private int runs;
    private final int[] slideBase;

    private boolean known;
    private int min;
    private long atMin;
    private int[] list;
    private int listSize;
    private int listLevel = -1;
    private boolean listQuotaLocal;

    DrawPool(int stratum, int[] inds, int[] runStart, int[] runSlide, int[] slideBase) {
        this.stratum = stratum;
        this.inds = inds;
        this.runStart = runStart;
        this.runSlide = runSlide;
        this.slideBase = slideBase;
        this.size = inds.length;
        this.runs = runStart.length;
    }

    /** Returns an empty pool that grows by {@link #append}. */
    static DrawPool growable(int stratum, int[] slideBase) {
        return new DrawPool(stratum, new int[0], new int[0], new int[0], slideBase);
    }

    int size() {
        return size;
    }

    /**
     * Appends the tiles {@code src[from .. to)} of slide {@code slide} as one run, keeping the
     * exact minimum when it is known and dropping the eligible list.
     */
    void append(int slide, int[] src, int from, int to, UseCounts counts) {
        int n = to - from;
        if (n <= 0) {
            return;
        }
        if (size + n > inds.length) {
            inds = Arrays.copyOf(inds, Math.max(size + n, inds.length + (inds.length >> 1)));
        }
        if (runs == runStart.length) {
            runStart = Arrays.copyOf(runStart, Math.max(4, runs + (runs >> 1)));
            runSlide = Arrays.copyOf(runSlide, runStart.length);
        }
        runStart[runs] = size;
        runSlide[runs] = slide;
        runs++;
        System.arraycopy(src, from, inds, size, n);
        size += n;
        listLevel = -1;
        if (!known) {
            return;
        }
        int base = slideBase[slide];
        for (int i = from; i < to; i++) {
            int c = counts.get(base + src[i]);
            if (c < min) {
                min = c;
                atMin = 0;
            }
            if (c == min) {
                atMin++;
            }
        }
    }

    /** Returns the slide of position {@code pos} (binary search over the runs). */
    int slideAt(int pos) {
        int r = Arrays.binarySearch(runStart, 0, runs, pos);
        return runSlide[r >= 0 ? r : -r - 2];
    }

    int indAt(int pos) {
        return inds[pos];
    }

    int tileAt(int pos) {
        return slideBase[slideAt(pos)] + inds[pos];
    }

    /** Drops the per-epoch caches (the eligible list); the exact minimum stays. */
    void resetEpoch() {
        listLevel = -1;
        list = null;
    }

    /** Drops a list built while the batch excluded tiles: it may miss tiles from now on. */
    void endQuota() {
        if (listQuotaLocal) {
            listLevel = -1;
        }
    }

    /** Returns the minimum use-count over the pool, scanning when it is not known. */
    int min(UseCounts counts) {
        if (!known) {
            scan(counts, null);
        }
        return min;
    }

    /** Returns how many tiles hold the minimum use-count. */
    long atMin(UseCounts counts) {
        min(counts);
        return atMin;
    }

    /** Records that a tile of this pool went from use-count {@code before} to one more. */
    void counted(int before) {
        if (known && before == min && --atMin == 0) {
            known = false;
        }
        if (before + 1 == listLevel) {
            listLevel = -1;
        }
    }

    /**
     * Scans the pool; sets the exact minimum and, when {@code excluded} is given, returns the
     * lowest use-count among tiles not excluded and how many hold it.
     *
     * @return {@code level << 32 | eligible}, or -1 when every tile is excluded
     */
    long scan(UseCounts counts, TileSet excluded) {
        int lo = Integer.MAX_VALUE;
        long nLo = 0;
        int eLo = Integer.MAX_VALUE;
        long nELo = 0;
        for (int r = 0; r < runs; r++) {
            int base = slideBase[runSlide[r]];
            int end = r + 1 < runs ? runStart[r + 1] : size;
            for (int pos = runStart[r]; pos < end; pos++) {
                int g = base + inds[pos];
                int c = counts.get(g);
                if (c < lo) {
                    lo = c;
                    nLo = 0;
                }
                if (c == lo) {
                    nLo++;
                }
                if (excluded != null && c <= eLo && !excluded.contains(g)) {
                    if (c < eLo) {
                        eLo = c;
                        nELo = 0;
                    }
                    nELo++;
                }
            }
        }
        known = size > 0;
        min = lo;
        atMin = nLo;
        if (excluded == null) {
            return (long) lo << 32 | nLo;
        }
        return nELo == 0 ? -1 : (long) eLo << 32 | nELo;
    }

    /**
     * Draws one position uniformly among the tiles at use-count {@code level} not in
     * {@code excluded}; {@code eligible} must be their exact number, at least 1.
     */
    int draw(UseCounts counts, int level, long eligible, TileSet excluded, SplittableRandom rng) {
        if (eligible * REJECTION_SHARE >= size) {
            while (true) {
                int pos = rng.nextInt(size);
                int g = tileAt(pos);
                if (counts.get(g) == level && !excluded.contains(g)) {
                    return pos;
                }
            }
        }
        if (listLevel != level) {
            buildList(counts, level, excluded);
        }
        while (true) {
            int i = rng.nextInt(listSize);
            int pos = list[i];
            list[i] = list[--listSize];
            int g = tileAt(pos);
            if (counts.get(g) == level && !excluded.contains(g)) {
                return pos;
            }
        }
    }

    private void buildList(UseCounts counts, int level, TileSet excluded) {
        IntList out = new IntList(1024);
        for (int r = 0; r < runs; r++) {
            int base = slideBase[runSlide[r]];
            int end = r + 1 < runs ? runStart[r + 1] : size;
            for (int pos = runStart[r]; pos < end; pos++) {
                int g = base + inds[pos];
                if (counts.get(g) == level && !excluded.contains(g)) {
                    out.add(pos);
                }
            }
        }
        listSize = out.size();
        list = out.toArrayAndClear();
        listLevel = level;
        listQuotaLocal = !excluded.isEmpty();
    }
}
