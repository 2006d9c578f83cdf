package dev.curate.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    @Test
    void everyHalfValueSurvivesDecodeThenEncode() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float value = HalfFloats.toFloat((short) bits);
            short back = HalfFloats.fromFloat(value);
            if (Float.isNaN(value)) {
                assertTrue(Float.isNaN(HalfFloats.toFloat(back)), "NaN " + bits);
            } else {
                assertEquals(bits, back & 0xffff, "bits " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void decodesLimitsAndSubnormals() {
        assertEquals(65504f, HalfFloats.toFloat((short) 0x7bff));
        assertEquals(-0x1p-24f, HalfFloats.toFloat((short) 0x8001));
        assertEquals(0x1p-14f, HalfFloats.toFloat((short) 0x0400));
        assertEquals(0x3ffp-24f, HalfFloats.toFloat((short) 0x03ff));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.toFloat((short) 0xfc00));
        assertEquals(0x80000000, Float.floatToRawIntBits(HalfFloats.toFloat((short) 0x8000)));
    }

    @Test
    void encodesRoundingToNearestEven() {
        assertEquals(0x7bff, HalfFloats.fromFloat(65519.99f) & 0xffff);
        assertEquals(0x7c00, HalfFloats.fromFloat(65520f) & 0xffff, "tie above max -> Inf");
        assertEquals(0x3c00, HalfFloats.fromFloat(1f + 0x1p-11f) & 0xffff, "tie to even down");
        assertEquals(0x3c02, HalfFloats.fromFloat(1f + 3 * 0x1p-11f) & 0xffff, "tie to even up");
        assertEquals(0x0000, HalfFloats.fromFloat(0x1p-25f) & 0xffff, "half the min -> 0");
        assertEquals(0x0001, HalfFloats.fromFloat(0x1.01p-25f) & 0xffff);
        assertEquals(0x0400, HalfFloats.fromFloat(0x1.ffcp-15f) & 0xffff, "up to min normal");
        assertEquals(0x8000, HalfFloats.fromFloat(-1e-30f) & 0xffff);
    }
}
