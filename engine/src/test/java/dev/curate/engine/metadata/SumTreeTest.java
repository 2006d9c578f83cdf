package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SumTreeTest {

    @Test
    void drawsInProportionAndNeverAZeroValue() {
        SumTree tree = new SumTree(new double[] {1, 0, 3, 0, 6});
        SplittableRandom rng = new SplittableRandom(7);
        long[] hits = new long[5];
        int runs = 100_000;
        for (int i = 0; i < runs; i++) {
            hits[tree.draw(rng)]++;
        }
        assertEquals(0, hits[1]);
        assertEquals(0, hits[3]);
        double[] p = {0.1, 0, 0.3, 0, 0.6};
        for (int i = 0; i < 5; i++) {
            double sd = Math.sqrt(p[i] * (1 - p[i]) / runs);
            assertTrue(Math.abs((double) hits[i] / runs - p[i]) <= 5 * sd, "index " + i);
        }
    }

    @Test
    void setKeepsTheTotalAndExcludesEmptiedValues() {
        SumTree tree = new SumTree(new double[] {0.1, 0.2, 0.7});
        tree.set(2, 0);
        assertEquals(0.1 + 0.2, tree.total(), 0);
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(tree.draw(rng) < 2);
        }
        tree.set(0, 0);
        tree.set(1, 0);
        assertThrows(IllegalStateException.class, () -> tree.draw(rng));
    }
}
