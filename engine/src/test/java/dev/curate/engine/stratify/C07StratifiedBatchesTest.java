package dev.curate.engine.stratify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Field case C07: stratified batches never repeat a tile for no reason, report every repeat and
 * every stratum smaller than its quota, keep the slide cap hard, and give exact rotating
 * quotas.
 */
class C07StratifiedBatchesTest {

    /** Collects every batch's stats. */
    static final class Batches implements StratifyListener {
        final List<BatchStats> stats = new ArrayList<>();

        @Override
        public void onBatch(int epoch, int batchIndex, BatchStats s) {
            stats.add(s);
        }
    }

    private static Set<Integer> tilesOf(EpochSchedule s, int from, int to, StrataPool pool) {
        Set<Integer> tiles = new HashSet<>();
        for (int i = from; i < to; i++) {
            tiles.add(pool.slideBase(s.slides()[i]) + s.inds()[i]);
        }
        return tiles;
    }

    @Test
    void c07aTenTilesBatchFiveHasNoRepeatAndSeesAllTenOnceInTwoBatches() {
        for (long seed = 0; seed < 20; seed++) {
            StrataPool pool = Pools.oneStratum(1, 10);
            BatchStratifier st = new BatchStratifier(pool, new StratifyParams(5, 10, 800, seed,
                    false));
            Batches batches = new Batches();
            EpochSchedule s = st.drawEpoch(0, batches);
            assertEquals(5, tilesOf(s, 0, 5, pool).size(), "seed " + seed);
            assertEquals(5, tilesOf(s, 5, 10, pool).size(), "seed " + seed);
            for (int t = 0; t < 10; t++) {
                assertEquals(1, st.useCount(t), "tile " + t + " seed " + seed);
            }
            assertEquals(0, s.report().repeats());
            assertEquals(0, batches.stats.get(0).strataSmallerThanQuota());
        }
    }

    @Test
    void c07bThreeTilesBatchFiveCountsTwoTwoOneAndFlagsSmallerThanQuota() {
        StrataPool pool = Pools.oneStratum(1, 3);
        BatchStratifier st = new BatchStratifier(pool, new StratifyParams(5, 5, 800, 7, false));
        Batches batches = new Batches();
        EpochSchedule s = st.drawEpoch(0, batches);
        int[] counts = {st.useCount(0), st.useCount(1), st.useCount(2)};
        Arrays.sort(counts);
        assertArrayEquals(new int[] {1, 2, 2}, counts);
        BatchStats b = batches.stats.get(0);
        assertEquals(1, b.strataSmallerThanQuota());
        assertEquals(2, b.repeats());
        assertEquals(0, b.strataCapLimited());
        assertEquals(1, s.report().batchesSmallerThanQuota()[0]);
        assertEquals(2, s.report().repeats());
        assertEquals(3, tilesOf(s, 0, 3, pool).size(), "the first round takes all 3 distinct");
    }

    @Test
    void c07cSlideCapTwoKeepsTwoSlidesAndNeedsNoRepeatInsideABatch() {
        for (long seed = 0; seed < 10; seed++) {
            StrataPool pool = Pools.oneStratum(4, 5);
            BatchStratifier st = new BatchStratifier(pool, new StratifyParams(6, 18, 2, seed,
                    false));
            Batches batches = new Batches();
            EpochSchedule s = st.drawEpoch(0, batches);
            Set<Integer> slides = new HashSet<>();
            for (int k : s.slides()) {
                slides.add(k);
            }
            assertEquals(2, slides.size(), "seed " + seed);
            assertEquals(2, s.report().slidesOpened());
            assertEquals(0, s.report().fallbackSlides());
            assertEquals(0, s.report().repeats(), "10 open tiles fill a quota of 6");
            for (int b = 0; b < 3; b++) {
                assertEquals(6, tilesOf(s, 6 * b, 6 * b + 6, pool).size());
            }
            // 18 draws over the 10 open tiles, least-used first: 8 used twice, 2 once
            int[] hist = new int[3];
            for (int t = 0; t < 20; t++) {
                hist[st.useCount(t)]++;
            }
            assertArrayEquals(new int[] {10, 2, 8}, hist, "seed " + seed);
        }
    }

    @Test
    void c07cSlideCapOneReportsTheRepeatsItForces() {
        StrataPool pool = Pools.oneStratum(4, 5);
        BatchStratifier st = new BatchStratifier(pool, new StratifyParams(6, 18, 1, 3, false));
        Batches batches = new Batches();
        EpochSchedule s = st.drawEpoch(0, batches);
        assertEquals(1, Arrays.stream(s.slides()).distinct().count());
        for (BatchStats b : batches.stats) {
            assertEquals(1, b.repeats(), "5 open tiles, quota 6");
            assertEquals(1, b.strataCapLimited());
            assertEquals(0, b.strataSmallerThanQuota());
            assertEquals(1, b.openSlides());
        }
        assertEquals(3, s.report().batchesCapLimited()[0]);
    }

    @Test
    void strataWithoutOpenSlideFallBackReportedOrFailWithStrictCap() {
        StrataPool.Builder b = new StrataPool.Builder();
        int a = b.stratum("A");
        int c = b.stratum("B");
        b.addTiles(b.slide("S0"), a, 50);
        b.addTiles(b.slide("S1"), c, 50);
        b.addTiles(b.slide("S2"), c, 50);
        StrataPool pool = b.build();
        BatchStratifier st = new BatchStratifier(pool, new StratifyParams(4, 40, 1, 5, false));
        EpochSchedule s = st.drawEpoch(0, StratifyListener.NONE);
        EpochReport r = s.report();
        assertEquals(1, r.slidesOpened());
        long fallback = r.fallbackDrawsTotal();
        assertEquals(20, fallback, "the stratum without the open slide draws 2 per batch");
        assertEquals(1, r.strataWithFallback());
        assertTrue(r.fallbackSlides() >= 1 && r.fallbackSlides() <= 2, "" + r.fallbackSlides());

        BatchStratifier strict = new BatchStratifier(pool, new StratifyParams(4, 40, 1, 5,
                true));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> strict.drawEpoch(0, StratifyListener.NONE));
        assertTrue(e.getMessage().contains("--strict-cap"), e.getMessage());
        assertTrue(e.getMessage().contains("--max-open-slides 1"), e.getMessage());
    }

    @Test
    void capAtLeastTheStrataCountLeavesRoomForEveryStratumSoNoFallback() {
        StrataPool.Builder b = new StrataPool.Builder();
        int big = b.stratum("big");
        for (int k = 0; k < 200; k++) {
            b.addTiles(b.slide("B" + k), big, 10);
        }
        for (int s = 1; s < 40; s++) {
            int st = b.stratum("s" + s);
            b.addTiles(b.slide("S" + s + "a"), st, 10);
            b.addTiles(b.slide("S" + s + "b"), st, 10);
        }
        StrataPool pool = b.build();
        for (long seed = 0; seed < 10; seed++) {
            BatchStratifier st = new BatchStratifier(pool, new StratifyParams(400, 4000, 45,
                    seed, true));
            EpochSchedule s = st.drawEpoch(0, StratifyListener.NONE);
            assertEquals(0, s.report().fallbackDrawsTotal(), "seed " + seed);
            assertEquals(45, s.report().slidesOpened(), "seed " + seed);
            assertEquals(45, Arrays.stream(s.slides()).distinct().count(), "seed " + seed);
        }
    }

    @Test
    void c07dQuotasOf350StrataSumTo2048As298SixesAnd52Fives() {
        StrataPool pool = Pools.stratumPerSlide(350, 10);
        BatchStratifier st = new BatchStratifier(pool, new StratifyParams(2048, 2048 * 3,
                100_000, 11, false));
        Batches batches = new Batches();
        st.drawEpoch(0, batches);
        for (BatchStats b : batches.stats) {
            int[] hist = new int[7];
            int sum = 0;
            for (int q : b.perStratum()) {
                hist[q]++;
                sum += q;
            }
            assertEquals(2048, sum);
            assertEquals(298, hist[6]);
            assertEquals(52, hist[5]);
        }
    }

    @Test
    void c07dBatch64Over350StrataServesEveryStratumWithinSixBatches() {
        StrataPool pool = Pools.stratumPerSlide(350, 4);
        BatchStratifier st = new BatchStratifier(pool, new StratifyParams(64, 64 * 10,
                100_000, 2, false));
        Batches batches = new Batches();
        st.drawEpoch(0, batches);
        st.drawEpoch(1, batches);
        List<BatchStats> all = batches.stats;
        assertEquals(20, all.size());
        for (int start = 0; start + 6 <= all.size(); start++) {
            int[] served = new int[350];
            for (int b = start; b < start + 6; b++) {
                for (int s = 0; s < 350; s++) {
                    served[s] += all.get(b).perStratum()[s];
                }
            }
            for (int s = 0; s < 350; s++) {
                assertTrue(served[s] >= 1, "stratum " + s + " unserved in batches " + start
                        + ".." + (start + 5));
            }
        }
        for (BatchStats b : all) {
            assertEquals(64, Arrays.stream(b.perStratum()).sum());
            assertTrue(Arrays.stream(b.perStratum()).max().getAsInt() == 1);
        }
    }
}
