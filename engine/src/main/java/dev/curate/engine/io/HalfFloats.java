package dev.curate.engine.io;

/**
 * Exact conversions between IEEE 754 binary16 (NumPy {@code float16}, carried in a
 * {@code short}) and {@code float}. Decoding keeps subnormals, signed zeros, infinities and NaN;
 * encoding rounds to nearest, ties to even, as NumPy does.
 */
public final class HalfFloats {

    /** The largest finite float16 value, 65504. */
    public static final float MAX_VALUE = 65504f;

    private HalfFloats() {
    }

    /**
     * Decodes one binary16 value.
     *
     * @param bits the 16 bits of the half-precision value (upper 16 bits of the short ignored)
     * @return the same value as a float (every binary16 value is exactly representable)
     */
    public static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0) {
            // zero or subnormal: mantissa units of 2^-24, exact in float
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * Encodes one float as binary16, rounding to nearest with ties to even. Values whose
     * magnitude rounds above {@link #MAX_VALUE} become infinity, so callers that must not
     * create infinities check the range first.
     *
     * @param value any float
     * @return the binary16 bits
     */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            int nan = mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0;
            return (short) (sign | 0x7c00 | nan);
        }
        int halfExponent = exponent - 112;
        if (halfExponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (halfExponent <= 0) {
            return (short) (sign | encodeSubnormal(mantissa | 0x800000, halfExponent));
        }
        int rounded = roundShift((halfExponent << 23) | mantissa, 13);
        return (short) (sign | rounded);
    }

    /** Returns the subnormal (or rounded-up smallest normal) magnitude bits. */
    private static int encodeSubnormal(int significand, int halfExponent) {
        if (halfExponent < -10) {
            return 0;
        }
        return roundShift(significand, 14 - halfExponent);
    }

    /** Shifts {@code value} right by {@code shift} bits, rounding to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int quotient = value >>> shift;
        int remainder = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (remainder > half || (remainder == half && (quotient & 1) == 1)) {
            quotient++;
        }
        return quotient;
    }
}
