package dev.curate.engine.accel;

import java.math.BigInteger;

/**
 * An exact sum of float32 values, such as the squared distances that make a k-means objective:
 * the signed mantissas are added per binary exponent in 64-bit integers, so the total does not
 * depend on the order of the adds or on how they were split between machines, and
 * {@link #value} rounds it to a double once. Fewer than {@code 2^39} adds never overflow.
 * Not thread safe.
 */
public final class ExactFloatSum {

    /** One bucket per biased float32 exponent; subnormals share bucket 1 with scale 2^-149. */
    private static final int BUCKETS = 255;

    private final long[] buckets;

    /** Creates a zero sum. */
    public ExactFloatSum() {
        this(new long[BUCKETS]);
    }

    private ExactFloatSum(long[] buckets) {
        this.buckets = buckets;
    }

    /**
     * Rebuilds a sum from {@link #words()}.
     *
     * @param words {@value #BUCKETS} words
     * @return the sum, holding {@code words}
     * @throws IllegalArgumentException when the length is wrong
     */
    public static ExactFloatSum ofWords(long[] words) {
        if (words.length != BUCKETS) {
            throw new IllegalArgumentException("an exact float sum has " + BUCKETS
                    + " words, got " + words.length);
        }
        return new ExactFloatSum(words);
    }

    /** Returns the raw words (shared), for sending the sum to another machine. */
    public long[] words() {
        return buckets;
    }

    /**
     * Adds one value.
     *
     * @param v a finite value
     * @throws IllegalArgumentException when {@code v} is NaN or infinite
     */
    public void add(float v) {
        int bits = Float.floatToRawIntBits(v);
        int exponent = (bits >>> 23) & 0xff;
        if (exponent == 0xff) {
            throw new IllegalArgumentException("cannot sum " + v + ": the input holds NaN or "
                    + "Inf values (check the embeddings at ingest)");
        }
        long mantissa = exponent == 0 ? bits & 0x7fffff : (bits & 0x7fffff) | 0x800000;
        int bucket = Math.max(exponent, 1) - 1;
        buckets[bucket] += bits < 0 ? -mantissa : mantissa;
    }

    /**
     * Adds all values of {@code values}.
     *
     * @param values finite values
     */
    public void addAll(float[] values) {
        for (float v : values) {
            add(v);
        }
    }

    /**
     * Adds another sum to this one.
     *
     * @param other the sum to add
     */
    public void addAll(ExactFloatSum other) {
        for (int b = 0; b < BUCKETS; b++) {
            buckets[b] = Math.addExact(buckets[b], other.buckets[b]);
        }
    }

    /** Returns the sum as the double nearest the exact total (ties as BigInteger rounds). */
    public double value() {
        BigInteger total = BigInteger.ZERO;
        for (int b = BUCKETS - 1; b >= 0; b--) {
            total = total.shiftLeft(1).add(BigInteger.valueOf(buckets[b]));
        }
        // bucket b holds mantissas of 2^(b + 1 - 150); the loop scaled bucket b by 2^b
        return Math.scalb(total.doubleValue(), -149);
    }
}
