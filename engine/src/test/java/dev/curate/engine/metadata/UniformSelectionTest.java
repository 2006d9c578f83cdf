package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UniformSelectionTest {

    private static List<Long> select(long n, long k, long seed) {
        List<Long> out = new ArrayList<>();
        UniformSelection.select(n, k, new SplittableRandom(seed), out::add);
        return out;
    }

    @Test
    void givesKDistinctAscendingPositionsInRange() {
        for (long seed = 0; seed < 200; seed++) {
            long k = seed % 2 == 0 ? 137 : 900;
            List<Long> s = select(1000, k, seed);
            assertEquals(k, s.size());
            for (int i = 0; i < s.size(); i++) {
                assertTrue(s.get(i) >= 0 && s.get(i) < 1000, "position " + s.get(i));
                assertTrue(i == 0 || s.get(i) > s.get(i - 1), "not ascending at " + i + ": " + s);
            }
        }
    }

    @Test
    void edgeSizesTakeNothingOrEverything() {
        assertEquals(List.of(), select(10, 0, 1));
        assertEquals(List.of(0L, 1L, 2L, 3L), select(4, 4, 1));
        assertEquals(List.of(), select(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> select(3, 4, 1));
    }

    @Test
    void everyPositionAndPairIsEquallyLikely() {
        int runs = 60_000;
        long[] hits = new long[10];
        long[][] pairs = new long[10][10];
        for (int seed = 0; seed < runs; seed++) {
            List<Long> s = select(10, 3, seed);
            for (long p : s) {
                hits[(int) p]++;
            }
            pairs[s.get(0).intValue()][s.get(1).intValue()]++;
        }
        double p = 0.3;
        double sd = Math.sqrt(p * (1 - p) / runs);
        for (int i = 0; i < 10; i++) {
            double f = (double) hits[i] / runs;
            assertTrue(Math.abs(f - p) < 5 * sd, "position " + i + ": " + f);
        }
        // the two smallest chosen are (i, j) with probability (10 - j - 1) / C(10, 3)
        double pq = 8.0 / 120;
        double sdq = Math.sqrt(pq * (1 - pq) / runs);
        double fq = (double) pairs[0][1] / runs;
        assertTrue(Math.abs(fq - pq) < 5 * sdq, "first two 0,1: " + fq + " vs " + pq);
    }

    @Test
    void drawingMoreThanHalfIsEquallyUniform() {
        int runs = 60_000;
        long[] hits = new long[10];
        for (int seed = 0; seed < runs; seed++) {
            for (long p : select(10, 7, seed)) {
                hits[(int) p]++;
            }
        }
        double sd = Math.sqrt(0.7 * 0.3 / runs);
        for (int i = 0; i < 10; i++) {
            double f = (double) hits[i] / runs;
            assertTrue(Math.abs(f - 0.7) < 5 * sd, "position " + i + ": " + f);
        }
    }
}
