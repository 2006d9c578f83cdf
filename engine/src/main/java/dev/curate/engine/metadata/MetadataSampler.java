package dev.curate.engine.metadata;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws tiles from a {@link MetadataPool} without replacement, grouped by the pool's metadata
 * column (SPEC 4.6). First the group counts ({@link GroupQuotas}: weighted or balanced), then
 * each group's count is spread over its slides as a uniform subset of the group's tiles (which
 * makes the per-slide counts multivariate hypergeometric), then each slide's tiles are a
 * uniform subset of the slide. The cost is {@code O(n log G)} for the groups plus a pass over
 * the tile counts; nothing is kept per tile.
 *
 * <p>Deterministic given the seed. Stateless and thread safe.
 */
public final class MetadataSampler {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataSampler.class);

    private MetadataSampler() {
    }

    /**
     * What to draw.
     *
     * @param mode weighted (the published baseline) or balanced (water-filling quotas)
     * @param target the number of tiles, in {@code [0, pool tiles]}
     * @param seed the random seed; any value
     * @param strict whether to refuse a draw that cannot be proportional to the weights,
     *     that is when {@code n * max(w) / sum(w) > 1}
     */
    public record Request(SamplingMode mode, long target, long seed, boolean strict) {
    }

    /**
     * Returns the target for a fraction of the pool: {@code fraction * tiles}, rounded half up
     * (exact decimal arithmetic, so {@code 0.1 * 349,664,180} is exactly 34,966,418).
     *
     * @param fraction the fraction, in {@code (0, 1]}
     * @param tiles the pool's tiles
     * @return the number of tiles
     * @throws IllegalArgumentException when the fraction is outside {@code (0, 1]}
     */
    public static long targetForFraction(BigDecimal fraction, long tiles) {
        if (fraction.signum() <= 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("--fraction " + fraction.toPlainString()
                    + " is outside (0, 1]");
        }
        return fraction.multiply(BigDecimal.valueOf(tiles)).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    /**
     * Draws the sample.
     *
     * @param pool the slides and their groups
     * @param request what to draw
     * @return the per-group and per-slide counts; tiles are enumerated on demand
     * @throws IllegalArgumentException when the target is outside the pool, or the request is
     *     strict and the ratio exceeds 1 (the message states the ratio)
     */
    public static MetadataSample sample(MetadataPool pool, Request request) {
        long[] sizes = pool.groupTiles();
        long n = request.target();
        if (n < 0 || n > pool.tileCount()) {
            throw new IllegalArgumentException("--target " + n + " is outside the pool of "
                    + pool.tileCount() + " tiles; expected 0 to " + pool.tileCount()
                    + " (sampling is without replacement)");
        }
        double ratio = GroupQuotas.proportionalityRatio(sizes, n);
        if (request.strict() && ratio > 1) {
            // sum(w) / max(w) = (non-empty groups) * (smallest group): the largest proportional n
            long smallest = min(sizes);
            long groups = Arrays.stream(sizes).filter(v -> v > 0).count();
            throw new IllegalArgumentException(String.format(Locale.ROOT, "strict proportional "
                    + "sampling is impossible: n*max(w)/sum(w) = %.2f > 1 for n = %d tiles over "
                    + "%d groups (smallest non-empty group %d tiles); drop --strict, or lower "
                    + "the target to at most %d", ratio, n, groups, smallest, groups * smallest));
        }
        SplittableRandom master = new SplittableRandom(request.seed());
        SplittableRandom groupRng = master.split();
        SplittableRandom slideRng = master.split();
        long tileSeed = master.nextLong();
        long start = System.nanoTime();
        long[] quotas = request.mode() == SamplingMode.WEIGHTED
                ? GroupQuotas.weighted(sizes, n, groupRng)
                : GroupQuotas.balanced(sizes, n, groupRng);
        long[] perSlide = spreadOverSlides(pool, quotas, slideRng);
        LOG.info("{} draw of {} tiles over {} groups and {} slides, seed {}, ratio "
                + "n*max(w)/sum(w) {}: {} ms", request.mode().label(), n, sizes.length,
                pool.slideCount(), request.seed(), String.format(Locale.ROOT, "%.2f", ratio),
                (System.nanoTime() - start) / 1_000_000);
        return new MetadataSample(pool, request, ratio, quotas, perSlide, tileSeed);
    }

    /**
     * Spreads each group's quota over its slides: a uniform subset of the group's tiles (in
     * pool order) is drawn and each slide gets the chosen tiles that fall on it.
     */
    static long[] spreadOverSlides(MetadataPool pool, long[] quotas, SplittableRandom rng) {
        int[][] slidesOf = slidesByGroup(pool);
        long[] perSlide = new long[pool.slideCount()];
        for (int g = 0; g < quotas.length; g++) {
            SlideCursor cursor = new SlideCursor(slidesOf[g], pool.tiles());
            UniformSelection.select(cursor.groupTiles(), quotas[g], rng,
                    position -> perSlide[cursor.slideOf(position)]++);
        }
        return perSlide;
    }

    /** Maps ascending positions in a group's concatenated tiles to the group's slides. */
    private static final class SlideCursor {
        private final int[] slides;
        private final long[] tiles;
        private int at;
        private long end;

        SlideCursor(int[] slides, long[] tiles) {
            this.slides = slides;
            this.tiles = tiles;
            this.end = slides.length == 0 ? 0 : tiles[slides[0]];
        }

        long groupTiles() {
            long sum = 0;
            for (int s : slides) {
                sum += tiles[s];
            }
            return sum;
        }

        /** Returns the slide of {@code position}; positions must come in ascending order. */
        int slideOf(long position) {
            while (position >= end) {
                at++;
                end += tiles[slides[at]];
            }
            return slides[at];
        }
    }

    private static int[][] slidesByGroup(MetadataPool pool) {
        long[] counts = pool.groupSlides();
        int[][] out = new int[counts.length][];
        for (int g = 0; g < counts.length; g++) {
            out[g] = new int[Math.toIntExact(counts[g])];
        }
        int[] next = new int[counts.length];
        for (int s = 0; s < pool.slideCount(); s++) {
            int g = pool.groupOfSlide()[s];
            out[g][next[g]++] = s;
        }
        return out;
    }

    /** Returns the smallest non-empty group size, 0 when every group is empty. */
    private static long min(long[] values) {
        long m = Long.MAX_VALUE;
        for (long v : values) {
            if (v > 0) {
                m = Math.min(m, v);
            }
        }
        return m == Long.MAX_VALUE ? 0 : m;
    }
}
