package dev.curate.engine.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WaterFillingTest {

    @Test
    void givesEveryCapacityWhenTheyFit() {
        assertArrayEquals(new long[] {2, 0, 5},
                WaterFilling.split(new long[] {2, 0, 5}, 9, new SplittableRandom(1)));
    }

    @Test
    void cutsEvenlyAndCapsSmallChildren() {
        // cut 3: min(3,2) + 3 + 3 = 8, the remaining 1 unit goes to child 1 or 2
        long[] q = WaterFilling.split(new long[] {2, 6, 14}, 9, new SplittableRandom(1));
        assertEquals(2, q[0]);
        assertEquals(9, Arrays.stream(q).sum());
        assertTrue((q[1] == 4 && q[2] == 3) || (q[1] == 3 && q[2] == 4), Arrays.toString(q));
        assertEquals(3, WaterFilling.largestCut(new long[] {2, 6, 14}, 9, 14));
    }

    @Test
    void rejectsNegativeCapacityNamingTheChild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WaterFilling.split(new long[] {1, -2}, 1, new SplittableRandom(1)));
        assertEquals("capacity of child 1 must be at least 0, got -2", e.getMessage());
    }

    @Test
    void randomSplitsAreExactCappedAndFair() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int trial = 0; trial < 2000; trial++) {
            long[] caps = new long[1 + rng.nextInt(12)];
            long total = 0;
            for (int i = 0; i < caps.length; i++) {
                caps[i] = rng.nextInt(4) == 0 ? 0 : rng.nextInt(50);
                total += caps[i];
            }
            long target = rng.nextLong(total + 20);
            long[] q = WaterFilling.split(caps, target, rng);
            assertEquals(Math.min(target, total), Arrays.stream(q).sum(), Arrays.toString(caps));
            long cut = total <= target ? Long.MAX_VALUE
                    : WaterFilling.largestCut(caps, target, Arrays.stream(caps).max().getAsLong());
            long max = Arrays.stream(q).max().orElse(0);
            for (int i = 0; i < caps.length; i++) {
                assertTrue(q[i] <= caps[i], "child " + i + " " + q[i] + " > " + caps[i]);
                assertTrue(q[i] >= Math.min(cut, caps[i]) && q[i] <= Math.min(cut, caps[i]) + 1,
                        "child " + i + " quota " + q[i] + " cut " + cut);
                if (q[i] < caps[i]) {
                    assertTrue(q[i] >= max - 1, "uncapped child " + i + " has " + q[i]
                            + ", largest quota " + max);
                }
            }
        }
    }
}
