package dev.curate.engine.stratify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Exact quotas, least-used order, the cap and determinism on a mid-size seeded pool. */
class BatchStratifierTest {

    private static final StrataPool POOL = Pools.midSize(120, 62, 42);

    @Test
    void everyBatchHasExactQuotasAndItsRowsComeFromThoseStrata() {
        int[] stratumOf = Pools.stratumOfTile(POOL);
        StratifyParams params = new StratifyParams(2048, 20_000, 40, 9, false);
        BatchStratifier st = new BatchStratifier(POOL, params);
        C07StratifiedBatchesTest.Batches batches = new C07StratifiedBatchesTest.Batches();
        EpochSchedule s = st.drawEpoch(0, batches);
        assertEquals(10, batches.stats.size());
        for (BatchStats b : batches.stats) {
            int size = params.batchSize(b.batch());
            int[] rows = new int[62];
            for (int i = b.batch() * 2048; i < b.batch() * 2048 + size; i++) {
                rows[stratumOf[POOL.slideBase(s.slides()[i]) + s.inds()[i]]]++;
            }
            assertArrayEquals(b.perStratum(), rows, "batch " + b.batch());
            int extra = size % 62;
            assertEquals(extra, Arrays.stream(rows).filter(q -> q == size / 62 + 1).count());
            assertEquals(62 - extra, Arrays.stream(rows).filter(q -> q == size / 62).count());
            assertEquals(0, b.repeats());
        }
        assertEquals(1568, params.batchSize(9));
        assertEquals(20_000, s.report().tiles());
        assertTrue(s.report().slidesOpened() <= 40);
        Set<Integer> slides = new HashSet<>();
        Arrays.stream(s.slides()).forEach(slides::add);
        assertEquals(s.report().slidesOpened() + s.report().fallbackSlides(), slides.size());
    }

    @Test
    void withoutCapUseCountsInAStratumDifferByAtMostOne() {
        BatchStratifier st = new BatchStratifier(POOL, new StratifyParams(1000, 50_000, 1000,
                4, false));
        int[] stratumOf = Pools.stratumOfTile(POOL);
        for (int e = 0; e < 4; e++) {
            st.drawEpoch(e, StratifyListener.NONE);
            int[] lo = new int[62];
            int[] hi = new int[62];
            Arrays.fill(lo, Integer.MAX_VALUE);
            for (int t = 0; t < stratumOf.length; t++) {
                int c = st.useCount(t);
                lo[stratumOf[t]] = Math.min(lo[stratumOf[t]], c);
                hi[stratumOf[t]] = Math.max(hi[stratumOf[t]], c);
            }
            for (int s = 0; s < 62; s++) {
                assertTrue(hi[s] - lo[s] <= 1, "epoch " + e + " stratum " + s + ": counts "
                        + lo[s] + ".." + hi[s]);
            }
        }
    }

    @Test
    void sameSeedSameSchedulesDifferentSeedDifferent() {
        StratifyParams p = new StratifyParams(512, 10_000, 30, 5, false);
        EpochSchedule a1 = new BatchStratifier(POOL, p).drawEpoch(0, StratifyListener.NONE);
        EpochSchedule a2 = new BatchStratifier(POOL, p).drawEpoch(0, StratifyListener.NONE);
        EpochSchedule b = new BatchStratifier(POOL, new StratifyParams(512, 10_000, 30, 6,
                false)).drawEpoch(0, StratifyListener.NONE);
        assertArrayEquals(a1.slides(), a2.slides());
        assertArrayEquals(a1.inds(), a2.inds());
        assertFalse(Arrays.equals(a1.inds(), b.inds()) && Arrays.equals(a1.slides(),
                b.slides()));
    }

    @Test
    void countingBackFinishedEpochsGivesTheSameNextEpoch() {
        StratifyParams p = new StratifyParams(700, 15_000, 25, 8, false);
        BatchStratifier straight = new BatchStratifier(POOL, p);
        EpochSchedule first = straight.drawEpoch(0, StratifyListener.NONE);
        straight.drawEpoch(1, StratifyListener.NONE);
        EpochSchedule third = straight.drawEpoch(2, StratifyListener.NONE);

        BatchStratifier resumed = new BatchStratifier(POOL, p);
        BatchStratifier helper = new BatchStratifier(POOL, p);
        EpochSchedule[] done = {helper.drawEpoch(0, StratifyListener.NONE),
            helper.drawEpoch(1, StratifyListener.NONE)};
        assertArrayEquals(first.inds(), done[0].inds());
        for (EpochSchedule d : done) {
            for (int i = 0; i < d.slides().length; i++) {
                resumed.countDrawn(d.slides()[i], d.inds()[i]);
            }
        }
        resumed.countingDone();
        EpochSchedule again = resumed.drawEpoch(2, StratifyListener.NONE);
        assertArrayEquals(third.slides(), again.slides());
        assertArrayEquals(third.inds(), again.inds());
    }
}
