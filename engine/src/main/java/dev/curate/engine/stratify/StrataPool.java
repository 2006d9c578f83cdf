package dev.curate.engine.stratify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tiles to stratify: slides, strata, and per stratum the tiles it holds. A tile is named by
 * its slide and {@code ind}, its index within the slide ({@code 0 .. slideTiles - 1}); its
 * global id is {@code slideBase(slide) + ind}.
 *
 * <p>Per stratum, tiles are stored as {@code ind} values in <em>runs</em>: consecutive
 * positions from one slide. Memory is 4 bytes per tile plus 8 bytes per run (one run per
 * slide and stratum when a slide's rows are contiguous in the input). No object per tile.
 * Immutable once built; safe to share between threads.
 */
// LIMIT: global tile ids are ints, so a pool above 2,147,483,647 tiles is refused; split the
// pool by slides and stratify the parts.
public final class StrataPool {

    private final List<String> slideIds;
    private final int[] slideTiles;
    private final int[] slideBase;
    private final List<String> strataLabels;
    private final int[][] inds;
    private final int[][] runStart;
    private final int[][] runSlide;
    private final long tileCount;

    private StrataPool(Builder b) {
        this.slideIds = List.copyOf(b.slideIds);
        this.slideTiles = b.slideTiles.toArrayAndClear();
        this.strataLabels = List.copyOf(b.strataLabels);
        int strata = strataLabels.size();
        this.inds = new int[strata][];
        this.runStart = new int[strata][];
        this.runSlide = new int[strata][];
        for (int s = 0; s < strata; s++) {
            inds[s] = b.inds.get(s).toArrayAndClear();
            runStart[s] = b.runStart.get(s).toArrayAndClear();
            runSlide[s] = b.runSlide.get(s).toArrayAndClear();
        }
        this.slideBase = new int[slideTiles.length];
        long total = 0;
        for (int k = 0; k < slideTiles.length; k++) {
            slideBase[k] = (int) total;
            total += slideTiles[k];
        }
        this.tileCount = total;
    }

    /** Returns the number of slides. */
    public int slideCount() {
        return slideIds.size();
    }

    /** Returns the id of slide {@code k}, {@code 0 <= k < slideCount()}. */
    public String slideId(int k) {
        return slideIds.get(k);
    }

    /** Returns the number of tiles of slide {@code k}. */
    public int slideTiles(int k) {
        return slideTiles[k];
    }

    /** Returns the global id of tile 0 of slide {@code k}. */
    public int slideBase(int k) {
        return slideBase[k];
    }

    /** Returns the number of strata. */
    public int strataCount() {
        return strataLabels.size();
    }

    /** Returns the label of stratum {@code s} (the cluster label or metadata value). */
    public String stratumLabel(int s) {
        return strataLabels.get(s);
    }

    /** Returns the number of tiles in stratum {@code s}. */
    public int stratumSize(int s) {
        return inds[s].length;
    }

    /** Returns the number of tiles over all slides. */
    public long tileCount() {
        return tileCount;
    }

    /** Returns the total number of runs (slide-contiguous stretches) over all strata. */
    public long runCount() {
        long n = 0;
        for (int[] r : runStart) {
            n += r.length;
        }
        return n;
    }

    int[] inds(int s) {
        return inds[s];
    }

    int[] runStart(int s) {
        return runStart[s];
    }

    int[] runSlide(int s) {
        return runSlide[s];
    }

    int[] slideBases() {
        return slideBase;
    }

    /** Returns a map from slide id to slide index. */
    Map<String, Integer> slideIndex() {
        Map<String, Integer> index = new HashMap<>(slideIds.size() * 2);
        for (int k = 0; k < slideIds.size(); k++) {
            index.put(slideIds.get(k), k);
        }
        return index;
    }

    /**
     * Collects a pool tile by tile or slide by slide. A tile's {@code ind} is its rank among
     * the tiles added for its slide, from 0. Not thread safe.
     */
    public static final class Builder {

        private final List<String> slideIds = new ArrayList<>();
        private final Map<String, Integer> slideIndex = new HashMap<>();
        private final IntList slideTiles = new IntList(1024);
        private final List<String> strataLabels = new ArrayList<>();
        private final Map<String, Integer> strataIndex = new HashMap<>();
        private final List<IntList> inds = new ArrayList<>();
        private final List<IntList> runStart = new ArrayList<>();
        private final List<IntList> runSlide = new ArrayList<>();
        private long tiles;

        /** Returns the index of slide {@code id}, adding it with no tiles when new. */
        public int slide(String id) {
            Integer k = slideIndex.get(id);
            if (k == null) {
                k = slideIds.size();
                slideIndex.put(id, k);
                slideIds.add(id);
                slideTiles.add(0);
            }
            return k;
        }

        /** Returns the index of the stratum labelled {@code label}, adding it when new. */
        public int stratum(String label) {
            Integer s = strataIndex.get(label);
            if (s == null) {
                s = strataLabels.size();
                strataIndex.put(label, s);
                strataLabels.add(label);
                inds.add(new IntList(1024));
                runStart.add(new IntList(16));
                runSlide.add(new IntList(16));
            }
            return s;
        }

        /** Returns the number of strata so far. */
        public int strataCount() {
            return strataLabels.size();
        }

        /**
         * Adds the next tile of slide {@code slide} to stratum {@code stratum}.
         *
         * @param slide a slide index from {@link #slide(String)}
         * @param stratum a stratum index from {@link #stratum(String)}
         * @throws IllegalArgumentException when the pool would exceed 2^31 - 1 tiles
         */
        public void addTile(int slide, int stratum) {
            addTiles(slide, stratum, 1);
        }

        /** Adds the next {@code n >= 0} tiles of slide {@code slide} to stratum {@code stratum}. */
        public void addTiles(int slide, int stratum, int n) {
            if (tiles + n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the pool exceeds " + Integer.MAX_VALUE
                        + " tiles at slide " + slideIds.get(slide) + " (expected fewer)");
            }
            IntList list = inds.get(stratum);
            IntList slides = runSlide.get(stratum);
            if (n > 0 && (slides.size() == 0 || slides.last() != slide)) {
                runStart.get(stratum).add(list.size());
                slides.add(slide);
            }
            int first = slideTiles.get(slide);
            for (int i = 0; i < n; i++) {
                list.add(first + i);
            }
            setSlideTiles(slide, first + n);
            tiles += n;
        }

        /**
         * Counts the next {@code n >= 0} tiles of slide {@code slide} without putting them in
         * any stratum (tiles the tree does not hold): they keep their {@code ind} but are never
         * drawn.
         */
        public void skipTiles(int slide, int n) {
            setSlideTiles(slide, slideTiles.get(slide) + n);
        }

        private void setSlideTiles(int slide, int n) {
            slideTiles.set(slide, n);
        }

        /** Returns the number of tiles added. */
        public long tileCount() {
            return tiles;
        }

        /** Builds the pool; this builder is empty afterwards. */
        public StrataPool build() {
            return new StrataPool(this);
        }
    }
}
