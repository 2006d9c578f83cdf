package dev.curate.engine.accel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusterSumsTest {

    @Test
    void smallSumsAreExact() {
        ClusterSums sums = new ClusterSums(2, 3);
        sums.addRow(0, new float[] {1.5f, -2.25f, 0f}, 0);
        sums.addRow(0, new float[] {9f, 1.5f, 0.25f, -3f}, 1);
        sums.addRow(1, new float[] {-0.125f, 1e-3f, 7f}, 0);
        assertArrayEquals(new double[] {3, -2, -3, -0.125, (double) 1e-3f, 7},
                sums.toDoubles(), 0.0);
    }

    @Test
    void cancellationLeavesTheTinyTermThatFloat64Loses() {
        // 2^30 + 2^-40 - 2^30 in float64 row order gives 0; the exact sum keeps 2^-40
        // (terms below 2^-48 are dropped, the same way wherever they are added)
        float big = 0x1p15f;
        float tiny = 0x1p-40f;
        ClusterSums sums = new ClusterSums(1, 1);
        sums.addRow(0, new float[] {big}, 0);
        sums.addRow(0, new float[] {tiny}, 0);
        sums.addRow(0, new float[] {-big}, 0);
        assertEquals(0x1p-40, sums.value(0, 0), 0.0);
        assertEquals(0.0, (double) big + tiny - big, 0.0);
    }

    @Test
    void negativeSumsCarryAcrossTheWords() {
        ClusterSums sums = new ClusterSums(1, 1);
        sums.addRow(0, new float[] {-0.5f}, 0);
        sums.addRow(0, new float[] {-1f}, 0);
        assertEquals(-1.5, sums.value(0, 0), 0.0);
        assertArrayEquals(new long[] {-(3L << 15), 0}, sums.words());
        sums.addRow(0, new float[] {0x1p-30f}, 0);
        assertArrayEquals(new long[] {-(3L << 15), 1L << 18}, sums.words());
        sums.addRow(0, new float[] {-0x1p-30f}, 0);
        sums.addRow(0, new float[] {1.5f}, 0);
        assertArrayEquals(new long[] {0, 0}, sums.words());
    }

    @Test
    void anySplitAndOrderGivesTheSameBits() {
        int n = 20_000;
        int d = 16;
        int k = 7;
        Random rnd = new Random(11);
        float[] rows = new float[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(k);
            for (int j = 0; j < d; j++) {
                rows[i * d + j] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
            }
        }
        ClusterSums inOrder = new ClusterSums(k, d);
        double[] float64 = new double[k * d];
        for (int i = 0; i < n; i++) {
            inOrder.addRow(labels[i], rows, i * d);
            for (int j = 0; j < d; j++) {
                float64[labels[i] * d + j] += rows[i * d + j];
            }
        }
        // three shards by row residue, each summed backwards, added in the order 2, 0, 1
        ClusterSums[] shards = {new ClusterSums(k, d), new ClusterSums(k, d),
            new ClusterSums(k, d)};
        for (int i = n - 1; i >= 0; i--) {
            shards[i % 3].addRow(labels[i], rows, i * d);
        }
        ClusterSums reduced = new ClusterSums(k, d);
        reduced.addAll(shards[2]);
        reduced.addAll(shards[0]);
        reduced.addAll(shards[1]);
        assertEquals(inOrder, reduced);
        double[] exact = inOrder.toDoubles();
        double[] backwards = new double[k * d];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = 0; j < d; j++) {
                backwards[labels[i] * d + j] += rows[i * d + j];
            }
        }
        int differ = 0;
        for (int i = 0; i < exact.length; i++) {
            assertEquals(float64[i], exact[i], 1e-9 * Math.max(1, Math.abs(float64[i])));
            differ += float64[i] != backwards[i] ? 1 : 0;
        }
        assertTrue(differ > 0, "float64 sums in two orders differ somewhere: the point of "
                + "exact sums");
    }

    @Test
    void valuesOutsideTheRangeAreRefusedNamingThem() {
        ClusterSums sums = new ClusterSums(1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sums.addRow(0, new float[] {1f, Float.NaN, 0f}, 0));
        assertTrue(e.getMessage().startsWith("value NaN at dim 1 is not finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> sums.addRow(0, new float[] {0f, 0f, -65536f}, 0));
        assertTrue(e.getMessage().contains("at dim 2 is outside"), e.getMessage());
        assertArrayEquals(new long[6], sums.words(), "a refused row adds nothing");
        sums.addRow(0, new float[] {65535.996f, -0x1p-47f, 0f}, 0);
        assertEquals(65535.996f, sums.value(0, 0), 0.0);
        assertEquals(-0x1p-47, sums.value(0, 1), 0.0);
    }

    @Test
    void wordsTravelAndComeBackEqual() {
        ClusterSums sums = new ClusterSums(2, 2);
        sums.addRow(1, new float[] {3.75f, -8f}, 0);
        ClusterSums back = ClusterSums.ofWords(2, 2, sums.words().clone());
        assertEquals(sums, back);
        back.addRow(0, new float[] {1f, 1f}, 0);
        assertNotEquals(sums, back);
        assertThrows(IllegalArgumentException.class,
                () -> ClusterSums.ofWords(2, 3, new long[8]));
    }
}
