package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShrinkingWeightsDrawTest {

    private static void assertProportional(ShrinkingWeightsDraw d, double[] p, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int runs = 100_000;
        long[] hits = new long[p.length];
        for (int i = 0; i < runs; i++) {
            hits[d.draw(rng)]++;
        }
        for (int i = 0; i < p.length; i++) {
            double sd = Math.sqrt(p[i] * (1 - p[i]) / runs);
            double f = (double) hits[i] / runs;
            assertTrue(Math.abs(f - p[i]) <= 5 * sd, "index " + i + ": " + f + " vs " + p[i]);
        }
    }

    @Test
    void drawsInProportionAndNeverAZeroWeight() {
        ShrinkingWeightsDraw d = new ShrinkingWeightsDraw(new double[] {1, 0, 3, 0, 6});
        assertProportional(d, new double[] {0.1, 0, 0.3, 0, 0.6}, 7);
    }

    @Test
    void shrunkWeightsAreDrawnInTheirNewProportionWithOrWithoutRebuild() {
        ShrinkingWeightsDraw d = new ShrinkingWeightsDraw(new double[] {2, 2, 6});
        d.shrink(2, 4);
        // 8 of 10 left: above the rebuild share, so the proposal table is stale
        assertProportional(d, new double[] {0.25, 0.25, 0.5}, 1);
        assertEquals(1, d.rebuilds());
        d.shrink(2, 0);
        d.shrink(0, 1);
        assertProportional(d, new double[] {1.0 / 3, 2.0 / 3, 0}, 2);
        assertEquals(2, d.rebuilds());
    }

    @Test
    void refusesToDrawWhenEveryWeightIsZero() {
        ShrinkingWeightsDraw d = new ShrinkingWeightsDraw(new double[] {1, 1});
        d.shrink(0, 0);
        d.shrink(1, 0);
        assertThrows(IllegalStateException.class, () -> d.draw(new SplittableRandom(0)));
    }
}
