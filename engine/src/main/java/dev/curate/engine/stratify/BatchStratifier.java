package dev.curate.engine.stratify;

import dev.curate.engine.kmeans.Seeds;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Draws cluster-stratified pseudo-epochs (Chen et al. 2025, arXiv 2503.18709, batch
 * stratification; SPEC 4.7) over a {@link StrataPool}, keeping one use-count per tile across
 * epochs.
 *
 * <p>A batch of size B over C strata gives every stratum floor(B / C) tiles and one more to
 * B mod C strata. The extras walk round a fixed seeded order of the strata, continuing from
 * batch to batch and epoch to epoch, so with B < C every stratum is served within
 * ceil(C / B) batches; the order in which strata draw is reshuffled per batch. A stratum's
 * quota is drawn without replacement, least-used first: uniformly among its tiles at the lowest
 * use-count not yet in the batch, then the next count. A tile repeats inside a batch only when
 * the pool it draws from has fewer tiles than the quota, and every repeat is counted.
 *
 * <p>Slides: a tile drawn opens its slide for the epoch, and the open set never exceeds
 * {@code maxOpenSlides}. A stratum draws from its whole stratum (opening slides) while the cap
 * is not reached and either it has no tile on an open slide yet, or the cap still has room for
 * one slide for every stratum without one; otherwise it draws only its tiles on open slides.
 * So with a cap of at least the number of strata every stratum keeps to open slides. A stratum
 * left with no tile on an open slide falls back to its whole stratum (or fails with
 * {@code strictCap}); the fallback does not open slides, and the slides it used are counted as
 * beyond the cap.
 *
 * <p>Epoch {@code e} depends only on the use-counts at its start and a random stream derived
 * from (seed, e), so a resumed run that rebuilds the counts from the finished schedules
 * ({@link #countDrawn}) draws the same epochs as an uninterrupted one. Memory: the pool plus
 * 2 bytes per tile for the counts. Not thread safe; one thread drives a run.
 */
// LIMIT: use-counts are 16-bit, so a run fails when one tile is drawn more than 65,535 times
// (a stratum of 3 tiles with a quota of 33 gets there in about 35 paper-sized epochs); use
// coarser strata or fewer epochs.
public final class BatchStratifier {

    /** The largest use-count a tile can hold. */
    public static final int MAX_USE_COUNT = Character.MAX_VALUE;

    private final StrataPool pool;
    private final StratifyParams params;
    private final UseCounts counts;
    private final DrawPool[] full;
    private final int[] rotation;
    private final long extrasPerEpoch;
    /** Per slide, entries {@code [slideEntryStart[k], slideEntryStart[k + 1])}. */
    private final int[] slideEntryStart;
    /** Per entry: a stratum with tiles on the slide, and the index of that run. */
    private final int[] entryStratum;
    private final int[] entryRun;

    /**
     * Prepares a run with every use-count at 0.
     *
     * @param pool the tiles and strata, at least one stratum; not copied
     * @param params batch and epoch sizes, cap and seed
     */
    public BatchStratifier(StrataPool pool, StratifyParams params) {
        if (pool.strataCount() == 0 || pool.tileCount() == 0) {
            throw new IllegalArgumentException("nothing to stratify: the input has "
                    + pool.strataCount() + " strata and " + pool.tileCount()
                    + " tiles (expected at least one of each)");
        }
        for (int s = 0; s < pool.strataCount(); s++) {
            if (pool.stratumSize(s) == 0) {
                throw new IllegalArgumentException("stratum " + pool.stratumLabel(s)
                        + " has no tiles (expected every stratum to hold at least one)");
            }
        }
        this.pool = pool;
        this.params = params;
        this.counts = new UseCounts(Math.toIntExact(pool.tileCount()));
        int strata = pool.strataCount();
        this.full = new DrawPool[strata];
        for (int s = 0; s < strata; s++) {
            full[s] = new DrawPool(s, pool.inds(s), pool.runStart(s), pool.runSlide(s),
                    pool.slideBases());
        }
        this.rotation = identity(strata);
        shuffle(rotation, new SplittableRandom(Seeds.derive(params.seed(), 0)));
        long extras = 0;
        for (int b = 0; b < params.batchesPerEpoch(); b++) {
            extras += params.batchSize(b) % strata;
        }
        this.extrasPerEpoch = extras;
        this.slideEntryStart = new int[pool.slideCount() + 1];
        for (int s = 0; s < strata; s++) {
            for (int k : pool.runSlide(s)) {
                slideEntryStart[k + 1]++;
            }
        }
        for (int k = 0; k < pool.slideCount(); k++) {
            slideEntryStart[k + 1] += slideEntryStart[k];
        }
        int entries = slideEntryStart[pool.slideCount()];
        this.entryStratum = new int[entries];
        this.entryRun = new int[entries];
        int[] next = Arrays.copyOf(slideEntryStart, pool.slideCount());
        for (int s = 0; s < strata; s++) {
            int[] slides = pool.runSlide(s);
            for (int r = 0; r < slides.length; r++) {
                int e = next[slides[r]]++;
                entryStratum[e] = s;
                entryRun[e] = r;
            }
        }
    }

    /** Returns the pool. */
    public StrataPool pool() {
        return pool;
    }

    /**
     * Adds one use of tile {@code ind} of slide {@code slide}, as read back from a finished
     * schedule; call {@link #countingDone()} after the last one.
     *
     * @throws IllegalArgumentException when the tile is not in the pool
     * @throws IllegalStateException when the tile's count would exceed {@link #MAX_USE_COUNT}
     */
    public void countDrawn(int slide, int ind) {
        if (slide < 0 || slide >= pool.slideCount() || ind < 0
                || ind >= pool.slideTiles(slide)) {
            throw new IllegalArgumentException("tile " + ind + " of slide index " + slide
                    + " is not in the pool (expected ind below the slide's tile count)");
        }
        increment(pool.slideBase(slide) + ind, -1);
    }

    /** Makes the pools recompute their minima after {@link #countDrawn} calls. */
    public void countingDone() {
        for (DrawPool p : full) {
            p.scan(counts, null);
        }
    }

    /** Returns the use-count of a tile, by global id ({@link StrataPool#slideBase} + ind). */
    public int useCount(int globalTile) {
        return counts.get(globalTile);
    }

    /**
     * Draws epoch {@code epoch} and adds its tiles to the use-counts.
     *
     * @param epoch the epoch, from 0; epochs must be drawn in order
     * @param listener told after every batch
     * @return the schedule and its report
     * @throws IllegalStateException with {@code strictCap} when a stratum has no tile on an open
     *     slide, or when a use-count would exceed {@link #MAX_USE_COUNT}
     */
    public EpochSchedule drawEpoch(int epoch, StratifyListener listener) {
        for (DrawPool p : full) {
            p.resetEpoch();
        }
        return new EpochDraw(epoch).run(listener);
    }

    private void increment(int g, int stratum) {
        if (counts.get(g) == MAX_USE_COUNT) {
            throw new IllegalStateException("tile " + g + (stratum >= 0 ? " of stratum "
                    + pool.stratumLabel(stratum) : "") + " would be used more than "
                    + MAX_USE_COUNT + " times (the use-count limit)");
        }
        counts.increment(g);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The state of one epoch's draw. */
    private final class EpochDraw {

        private final int epoch;
        private final SplittableRandom rng;
        private final int strata = pool.strataCount();
        private final boolean[] open = new boolean[pool.slideCount()];
        private final BitSet beyondCap = new BitSet();
        private final TileSet chosen = new TileSet();
        private final int[] outSlide = new int[params.epochSize()];
        private final int[] outInd = new int[params.epochSize()];
        private final long[] drawn = new long[strata];
        private final long[] repeats = new long[strata];
        private final int[] smaller = new int[strata];
        private final int[] capLimited = new int[strata];
        private final long[] fallbackDraws = new long[strata];
        /** Per stratum, its tiles on the slides opened so far; grows as slides open. */
        private final DrawPool[] restricted = new DrawPool[strata];
        /** Whether a stratum has a tile on an open slide. */
        private final boolean[] covered = new boolean[strata];
        private int uncovered = strata;
        private int openCount;
        private int written;
        private int batch;

        EpochDraw(int epoch) {
            this.epoch = epoch;
            this.rng = new SplittableRandom(Seeds.derive(params.seed(), 1, epoch));
            for (int s = 0; s < strata; s++) {
                restricted[s] = DrawPool.growable(s, pool.slideBases());
            }
        }

        EpochSchedule run(StratifyListener listener) {
            long pointer = Math.floorMod(epoch * extrasPerEpoch, (long) strata);
            int[] order = identity(strata);
            long totalRepeats = 0;
            for (batch = 0; batch < params.batchesPerEpoch(); batch++) {
                int size = params.batchSize(batch);
                int[] quota = quotas(size, (int) pointer);
                pointer = (pointer + size % strata) % strata;
                shuffle(order, rng);
                BatchStats stats = drawBatch(size, quota, order);
                totalRepeats += stats.repeats();
                listener.onBatch(epoch, batch, stats);
            }
            EpochReport report = new EpochReport(epoch, written, params.batchesPerEpoch(),
                    openCount, beyondCap.cardinality(), totalRepeats, drawn, repeats, smaller,
                    capLimited, fallbackDraws);
            return new EpochSchedule(outSlide, outInd, report);
        }

        /** floor(size / C) each, one more for the size mod C strata next in the rotation. */
        private int[] quotas(int size, int pointer) {
            int[] quota = new int[strata];
            Arrays.fill(quota, size / strata);
            for (int j = 0; j < size % strata; j++) {
                quota[rotation[(pointer + j) % strata]]++;
            }
            return quota;
        }

        private BatchStats drawBatch(int size, int[] quota, int[] order) {
            int rep = 0;
            int small = 0;
            int capped = 0;
            int fallbacks = 0;
            for (int s : order) {
                if (quota[s] == 0) {
                    continue;
                }
                QuotaOutcome q = drawQuota(s, quota[s]);
                rep += q.repeats;
                small += q.smaller ? 1 : 0;
                capped += q.capLimited ? 1 : 0;
                fallbacks += q.fallback ? 1 : 0;
            }
            return new BatchStats(epoch, batch, size, quota, openCount, rep, small, capped,
                    fallbacks);
        }

        private QuotaOutcome drawQuota(int s, int quota) {
            QuotaOutcome out = new QuotaOutcome();
            chosen.clear();
            boolean reset = false;
            DrawPool cur = null;
            int level = 0;
            long eligible = 0;
            for (int i = 0; i < quota; i++) {
                DrawPool p = poolFor(s, out);
                if (p != cur) {
                    cur = p;
                    eligible = 0;
                }
                if (eligible == 0) {
                    long found = chosen.isEmpty() ? -1 : p.scan(counts, chosen);
                    if (found < 0) {
                        if (!chosen.isEmpty()) {
                            reset = true;
                            markShort(s, quota, out);
                            chosen.clear();
                        }
                        found = (long) p.min(counts) << 32 | p.atMin(counts);
                    }
                    level = (int) (found >>> 32);
                    eligible = found & 0xFFFFFFFFL;
                }
                int pos = p.draw(counts, level, eligible, chosen, rng);
                eligible--;
                take(s, p, pos, out.fallback);
                out.repeats += reset ? 1 : 0;
            }
            full[s].endQuota();
            restricted[s].endQuota();
            drawn[s] += quota;
            repeats[s] += out.repeats;
            return out;
        }

        private void markShort(int s, int quota, QuotaOutcome out) {
            if (out.smaller || out.capLimited) {
                return;
            }
            if (pool.stratumSize(s) < quota) {
                out.smaller = true;
                smaller[s]++;
            } else {
                out.capLimited = true;
                capLimited[s]++;
            }
        }

        /**
         * The whole stratum while it may open slides; else its tiles on open slides; else the
         * fallback. A stratum may open a slide while the cap is not reached and either it has
         * no open slide yet, or enough of the cap is left for every stratum without one to
         * open one: so with a cap of at least the number of strata no fallback happens.
         */
        private DrawPool poolFor(int s, QuotaOutcome out) {
            int cap = params.maxOpenSlides();
            if (openCount < cap && (!covered[s] || openCount < cap - uncovered)) {
                return full[s];
            }
            if (restricted[s].size() > 0) {
                return restricted[s];
            }
            if (params.strictCap()) {
                throw new IllegalStateException("epoch " + epoch + ", batch " + batch
                        + ": stratum " + pool.stratumLabel(s) + " (" + pool.stratumSize(s)
                        + " tiles) has no tile on the " + openCount + " open slides (the cap"
                        + " --max-open-slides " + params.maxOpenSlides() + " is reached) and"
                        + " --strict-cap forbids the fallback to the whole stratum");
            }
            out.fallback = true;
            return full[s];
        }

        private void take(int s, DrawPool p, int pos, boolean fallback) {
            int g = p.tileAt(pos);
            int slide = p.slideAt(pos);
            chosen.add(g);
            outSlide[written] = slide;
            outInd[written] = p.indAt(pos);
            written++;
            int before = counts.get(g);
            boolean wasOpen = open[slide];
            increment(g, s);
            full[s].counted(before);
            if (wasOpen) {
                restricted[s].counted(before);
            }
            if (fallback) {
                fallbackDraws[s]++;
                beyondCap.set(slide);
            } else if (!wasOpen) {
                openSlide(slide);
            }
        }

        /** Opens a slide: its tiles join their strata's open pools; strata get covered. */
        private void openSlide(int slide) {
            open[slide] = true;
            openCount++;
            for (int e = slideEntryStart[slide]; e < slideEntryStart[slide + 1]; e++) {
                int t = entryStratum[e];
                int r = entryRun[e];
                int[] starts = pool.runStart(t);
                int end = r + 1 < starts.length ? starts[r + 1] : pool.stratumSize(t);
                restricted[t].append(slide, pool.inds(t), starts[r], end, counts);
                if (!covered[t]) {
                    covered[t] = true;
                    uncovered--;
                }
            }
        }
    }

    /** What one stratum's quota in one batch needed. */
    private static final class QuotaOutcome {
        int repeats;
        boolean smaller;
        boolean capLimited;
        boolean fallback;
    }
}
