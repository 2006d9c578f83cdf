package dev.curate.engine.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curate.engine.kmeans.SamplingStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadCurveTest {

    @Test
    void c01TreeIsFlatAtSixAndFollowsThePoolAtTen() {
        List<SpreadCurve.Point> curve = SpreadCurve.compute(HierarchicalSamplerTest.c01Tree(),
                new long[] {6, 10}, 2, SamplingStrategy.RANDOM, 11);

        SpreadCurve.Point six = curve.get(0);
        assertEquals(6, six.size());
        assertEquals(new SizeSummary(2, 0, 3, 3, 3, 3.0, 0.0), six.curated());
        assertEquals(6, six.uniform().min() + six.uniform().max());
        // with M = 2, T0's 3 entries are split evenly below it: c0 = {p0} takes 2 (1 repeat)
        // and c1 = {p1, p2} takes 1
        assertEquals(6, six.drawnWithMultiplier());
        assertEquals(1, six.duplicates());

        SpreadCurve.Point ten = curve.get(1);
        assertEquals(10, ten.size());
        assertEquals(new SizeSummary(2, 0, 3, 3, 7, 5.0, 0.4), ten.curated());
        assertEquals(ten.curated(), ten.uniform());
        assertEquals(10, ten.drawnWithMultiplier());
        // with M = 2 the quotas are 5 and 5: T0 holds 3 tiles, so 2 repeats
        assertEquals(2, ten.duplicates());
    }

    @Test
    void logTargetsAreIncreasingAndEndAtMax() {
        assertArrayEquals(new long[] {10, 100, 1000}, SpreadCurve.logTargets(10, 1000, 3));
        assertArrayEquals(new long[] {1, 2, 3}, SpreadCurve.logTargets(1, 3, 5));
    }

    @Test
    void rejectsTargetZero() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpreadCurve.compute(HierarchicalSamplerTest.c01Tree(), new long[] {0}, 1,
                        SamplingStrategy.RANDOM, 1));
        assertEquals("spread curve target must be at least 1, got 0", e.getMessage());
    }
}
