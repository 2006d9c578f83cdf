package dev.curate.engine.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Leave-one-out kNN on two hand-made groups of directions. */
class KnnProbeTest {

    private static final float[] POINTS = {
        1, 0, 0.95f, 0.05f, 0.9f, 0.1f,
        0, 1, 0.05f, 0.95f, 0.1f, 0.9f};

    @Test
    void separatedGroupsAreLabelledPerfectly() {
        KnnProbe.Report r = KnnProbe.evaluate(POINTS, 2, new int[] {0, 0, 0, 1, 1, 1}, 1);
        assertEquals(1.0, r.accuracy(), 1e-12);
        assertEquals(0.5, r.majorityShare(), 1e-12);
        assertEquals(6, r.rows());
    }

    @Test
    void oneWrongLabelCostsItselfAndItsNearestNeighbour() {
        // [1, 0] relabelled 1: it votes 0 from [0.95, 0.05], and that point's nearest is it
        KnnProbe.Report r = KnnProbe.evaluate(POINTS, 2, new int[] {1, 0, 0, 1, 1, 1}, 1);
        assertEquals(4.0 / 6, r.accuracy(), 1e-12);
        assertEquals(4.0 / 6, r.majorityShare(), 1e-12);
    }

    @Test
    void kMustLeaveAVoterOut() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KnnProbe.evaluate(POINTS, 2, new int[] {0, 0, 0, 1, 1, 1}, 6));
        assertEquals("kNN probe k = 6 must be in 1..5 for 6 rows", e.getMessage());
    }
}
