package dev.curate.engine.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The result of a {@link MetadataSampler} draw: how many tiles each group and each slide gives,
 * and, on demand, which tiles. Tiles are not stored: {@link #forEachTile} draws them from the
 * per-slide counts with a fixed seed, so every call hands out the same tiles. Immutable; safe
 * to share between threads.
 */
public final class MetadataSample {

    /** Receives the tiles of a draw. */
    @FunctionalInterface
    public interface TileSink {
        /**
         * Takes tile {@code tile} of pool slide {@code slide}.
         *
         * @param slide the pool slide index
         * @param tile the tile within the slide, in {@code [0, pool.tiles()[slide])}
         */
        void accept(int slide, long tile);
    }

    private final MetadataPool pool;
    private final MetadataSampler.Request request;
    private final double ratio;
    private final long[] groupCounts;
    private final long[] slideCounts;
    private final long tileSeed;

    MetadataSample(MetadataPool pool, MetadataSampler.Request request, double ratio,
            long[] groupCounts, long[] slideCounts, long tileSeed) {
        this.pool = pool;
        this.request = request;
        this.ratio = ratio;
        this.groupCounts = groupCounts;
        this.slideCounts = slideCounts;
        this.tileSeed = tileSeed;
    }

    /** Returns the pool drawn from. */
    public MetadataPool pool() {
        return pool;
    }

    /** Returns the request. */
    public MetadataSampler.Request request() {
        return request;
    }

    /** Returns {@code n * max(w) / sum(w)} for this draw (see {@link GroupQuotas}). */
    public double proportionalityRatio() {
        return ratio;
    }

    /** Returns the number of tiles drawn. */
    public long size() {
        long sum = 0;
        for (long c : groupCounts) {
            sum += c;
        }
        return sum;
    }

    /** Returns, per group, its tiles in the draw (a copy). */
    public long[] groupCounts() {
        return groupCounts.clone();
    }

    /** Returns, per pool slide, its tiles in the draw (a copy). */
    public long[] slideCounts() {
        return slideCounts.clone();
    }

    /** Returns one row per group, in pool group order. */
    public List<GroupStats> stats() {
        long[] fullTiles = pool.groupTiles();
        long[] fullSlides = pool.groupSlides();
        long[] sampledSlides = new long[pool.groupCount()];
        for (int s = 0; s < slideCounts.length; s++) {
            if (slideCounts[s] > 0) {
                sampledSlides[pool.groupOfSlide()[s]]++;
            }
        }
        double share = pool.groupCount() == 0 ? 0 : (double) request.target() / pool.groupCount();
        List<GroupStats> out = new ArrayList<>(pool.groupCount());
        for (int g = 0; g < pool.groupCount(); g++) {
            out.add(new GroupStats(pool.groups().get(g), fullTiles[g], fullSlides[g],
                    groupCounts[g], sampledSlides[g], share, fullTiles[g] < share));
        }
        return out;
    }

    /**
     * Hands every drawn tile to {@code sink}: slides in pool order, each slide's tiles
     * ascending, so the pool tile indices come out ascending.
     *
     * @param sink receives each tile once
     */
    public void forEachTile(TileSink sink) {
        SplittableRandom base = new SplittableRandom(tileSeed);
        long[] tiles = pool.tiles();
        for (int s = 0; s < slideCounts.length; s++) {
            // one stream per slide, split in slide order, so a slide's tiles do not depend on
            // how many tiles earlier slides drew
            SplittableRandom rng = base.split();
            int slide = s;
            UniformSelection.select(tiles[s], slideCounts[s], rng, t -> sink.accept(slide, t));
        }
    }
}
