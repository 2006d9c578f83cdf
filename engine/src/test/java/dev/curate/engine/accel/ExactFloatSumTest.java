package dev.curate.engine.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactFloatSumTest {

    @Test
    void keepsWhatFloat64OrderLoses() {
        ExactFloatSum sum = new ExactFloatSum();
        double float64 = 0;
        for (float v : new float[] {1e30f, 1f, -1e30f, 0x1p-149f, -0.5f}) {
            sum.add(v);
            float64 += v;
        }
        assertEquals(-0.5, float64, 0.0, "row order in float64 loses the 1");
        assertEquals(0.5, sum.value(), 0.0, "exact: 0.5 + 2^-149, nearest double 0.5");
        ExactFloatSum tiny = new ExactFloatSum();
        tiny.add(0x1p-149f);
        tiny.add(0x1p-149f);
        assertEquals(0x1p-148, tiny.value(), 0.0);
    }

    @Test
    void anyOrderAndSplitGivesTheSameDouble() {
        Random rnd = new Random(5);
        float[] values = new float[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rnd.nextDouble() * Math.pow(10, rnd.nextInt(12) - 4));
        }
        ExactFloatSum forward = new ExactFloatSum();
        forward.addAll(values);
        ExactFloatSum[] parts = {new ExactFloatSum(), new ExactFloatSum()};
        double backwards = 0;
        double inOrder = 0;
        for (int i = values.length - 1; i >= 0; i--) {
            parts[i % 2].add(values[i]);
            backwards += values[i];
        }
        for (float v : values) {
            inOrder += v;
        }
        ExactFloatSum joined = ExactFloatSum.ofWords(parts[1].words().clone());
        joined.addAll(parts[0]);
        assertEquals(forward.value(), joined.value(), 0.0);
        assertNotEquals(inOrder, backwards, "float64 sums in two orders differ here");
        assertEquals(inOrder, forward.value(), 1e-12 * inOrder);
    }

    @Test
    void refusesNonFiniteValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExactFloatSum().add(Float.POSITIVE_INFINITY));
        assertEquals("cannot sum Infinity: the input holds NaN or Inf values (check the "
                + "embeddings at ingest)", e.getMessage());
    }
}
