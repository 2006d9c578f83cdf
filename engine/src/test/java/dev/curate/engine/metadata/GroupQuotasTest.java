package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GroupQuotasTest {

    private static final long[] C08 = {1, 2, 97};

    @Test
    void balancedC08GivesOneTwoSeven() {
        assertArrayEquals(new long[] {1, 2, 7},
                GroupQuotas.balanced(C08, 10, new SplittableRandom(1)));
    }

    @Test
    void c08WeightsAndRatioAreAsPublished() {
        assertArrayEquals(new double[] {97, 48.5, 1}, GroupQuotas.inverseFrequency(C08));
        assertEquals(10.0 / 3, GroupQuotas.proportionalityRatio(C08, 10), 1e-12);
    }

    /**
     * Exact probability of each (tiles of A, tiles of B) after 10 successive draws, by dynamic
     * programming over the group-level states.
     */
    private static double[][] exactC08Outcomes() {
        double[] w = GroupQuotas.inverseFrequency(C08);
        double[][] p = new double[2][3];
        p[0][0] = 1;
        for (int draw = 0; draw < 10; draw++) {
            double[][] next = new double[2][3];
            for (int a = 0; a <= 1; a++) {
                for (int b = 0; b <= 2; b++) {
                    int c = draw - a - b;
                    if (p[a][b] == 0 || c < 0) {
                        continue;
                    }
                    double ma = w[0] * (1 - a);
                    double mb = w[1] * (2 - b);
                    double mc = w[2] * (97 - c);
                    double sum = ma + mb + mc;
                    if (a < 1) {
                        next[a + 1][b] += p[a][b] * ma / sum;
                    }
                    if (b < 2) {
                        next[a][b + 1] += p[a][b] * mb / sum;
                    }
                    next[a][b] += p[a][b] * mc / sum;
                }
            }
            p = next;
        }
        return p;
    }

    @Test
    void weightedC08FollowsTheExactSuccessiveDrawDistribution() {
        double[][] exact = exactC08Outcomes();
        int runs = 40_000;
        long[][] seen = new long[2][3];
        for (int seed = 0; seed < runs; seed++) {
            long[] taken = GroupQuotas.weighted(C08, 10, new SplittableRandom(seed));
            assertEquals(10, taken[0] + taken[1] + taken[2]);
            seen[(int) taken[0]][(int) taken[1]]++;
        }
        for (int a = 0; a <= 1; a++) {
            for (int b = 0; b <= 2; b++) {
                double p = exact[a][b];
                double sd = Math.sqrt(p * (1 - p) / runs);
                double f = (double) seen[a][b] / runs;
                assertTrue(Math.abs(f - p) <= 5 * sd + 1e-9, "A=" + a + " B=" + b
                        + ": frequency " + f + " exact " + p + " sd " + sd);
            }
        }
        // the exact law itself: A is almost always drawn (weight 97 of 291 on the first draw)
        assertEquals(1.0, exact[0][0] + exact[0][1] + exact[0][2] + exact[1][0] + exact[1][1]
                + exact[1][2], 1e-12);
        assertTrue(exact[1][2] > 0.9, "P(A and both B) = " + exact[1][2]);
    }

    @Test
    void weightedTakesExactlyTheTargetAndNeverMoreThanAGroupHas() {
        long[] sizes = {5, 0, 1000, 3, 77, 12_000};
        for (long seed = 0; seed < 50; seed++) {
            long[] taken = GroupQuotas.weighted(sizes, 3000, new SplittableRandom(seed));
            long sum = 0;
            for (int g = 0; g < sizes.length; g++) {
                assertTrue(taken[g] <= sizes[g], "group " + g + " took " + taken[g]);
                sum += taken[g];
            }
            assertEquals(3000, sum);
            assertEquals(0, taken[1]);
        }
    }

    @Test
    void weightedDrawOfTheWholePoolTakesEveryTile() {
        long[] sizes = {4, 9, 1};
        assertArrayEquals(sizes, GroupQuotas.weighted(sizes, 14, new SplittableRandom(3)));
    }

    @Test
    void sameSeedGivesSameCounts() {
        long[] sizes = {50, 500, 5000};
        assertArrayEquals(GroupQuotas.weighted(sizes, 900, new SplittableRandom(25)),
                GroupQuotas.weighted(sizes, 900, new SplittableRandom(25)));
    }

    @Test
    void rejectsTargetBeyondThePoolNamingBothNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GroupQuotas.weighted(C08, 101, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("101") && e.getMessage().contains("100 tiles"),
                e.getMessage());
    }
}
