package dev.curate.engine.accel;

import java.util.Arrays;

/**
 * The per-centroid sums of Lloyd's update step, kept exactly: every value is a 128-bit
 * two's-complement fixed-point number with {@value #FRACTION_BITS} fraction bits, and each
 * float32 input is added without rounding (only magnitudes below {@code 2^-64} lose bits, and
 * those the same way wherever they are added). Integer addition is associative, so the sums of
 * a pool equal each other however its rows are split into blocks, threads or shards and in
 * whatever order the parts are added: a sharded run reduces to the bits of a one-machine run.
 * {@link #value} turns a sum into a double once, at the end.
 *
 * <p>Inputs must lie strictly inside {@code (-2^31, 2^31)}; a sum then overflows only past
 * {@code 2^32} rows per centroid. Tile embeddings are far smaller (unit-norm or layer-normed
 * features). Not thread safe: one writer at a time.
 */
public final class ClusterSums {

    /** Fraction bits of the fixed-point sums: the smallest step is {@code 2^-64}. */
    public static final int FRACTION_BITS = 64;

    /** Biased float32 exponent of {@code 2^31}: inputs must stay below it in magnitude. */
    private static final int MAX_EXPONENT = 127 + 31;

    private static final double TWO_POW_MINUS_64 = 0x1p-64;

    private final int k;
    private final int dim;
    private final long[] words;

    /**
     * Creates zero sums for {@code k} centroids of dimension {@code dim}.
     *
     * @param k number of centroids, at least 1
     * @param dim dimension, at least 1
     * @throws IllegalArgumentException when {@code k * dim} values do not fit one array
     */
    public ClusterSums(int k, int dim) {
        this(k, dim, new long[checkedWords(k, dim)]);
    }

    private ClusterSums(int k, int dim, long[] words) {
        this.k = k;
        this.dim = dim;
        this.words = words;
    }

    private static int checkedWords(int k, int dim) {
        long needed = 2L * k * dim;
        if (k < 1 || dim < 1 || needed > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cluster sums need k >= 1, dim >= 1 and 2 * k * "
                    + "dim <= " + (Integer.MAX_VALUE - 8) + " words; got k = " + k + ", dim = "
                    + dim);
        }
        return (int) needed;
    }

    /**
     * Rebuilds sums from {@link #words()}, as they travel between machines.
     *
     * @param k number of centroids
     * @param dim dimension
     * @param words {@code 2 * k * dim} words: high then low half of each sum, row-major
     * @return the sums (holding {@code words}, not a copy)
     * @throws IllegalArgumentException when the word count does not fit {@code k} and {@code dim}
     */
    public static ClusterSums ofWords(int k, int dim, long[] words) {
        if (words.length != checkedWords(k, dim)) {
            throw new IllegalArgumentException("cluster sums of k = " + k + ", dim = " + dim
                    + " need " + 2L * k * dim + " words, got " + words.length);
        }
        return new ClusterSums(k, dim, words);
    }

    /** Returns the number of centroids. */
    public int k() {
        return k;
    }

    /** Returns the dimension. */
    public int dim() {
        return dim;
    }

    /**
     * Returns the raw words, high then low half of each sum, row-major; the array is shared.
     *
     * @return {@code 2 * k * dim} words
     */
    public long[] words() {
        return words;
    }

    /**
     * Adds one row to centroid {@code c}'s sums.
     *
     * @param c the centroid, in {@code [0, k)}
     * @param values the row's values start here
     * @param offset index of the row's first value
     * @throws IllegalArgumentException when a value is not finite or not inside
     *     {@code (-2^31, 2^31)}, naming it and its position in the row; the row then adds
     *     nothing
     */
    public void addRow(int c, float[] values, int offset) {
        int w = 2 * c * dim;
        for (int j = 0; j < dim; j++, w += 2) {
            int bits = Float.floatToRawIntBits(values[offset + j]);
            int exponent = (bits >>> 23) & 0xff;
            if (exponent == 0) {
                continue; // zero or subnormal: below 2^-126, far under the 2^-64 step
            }
            if (exponent >= MAX_EXPONENT) {
                undo(c, values, offset, j);
                throw outOfRange(values[offset + j], j);
            }
            long mantissa = (bits & 0x7fffff) | 0x800000;
            // value = mantissa * 2^(exponent - 150); in units of 2^-64 that is a shift by s
            int s = exponent - 150 + FRACTION_BITS;
            long hi;
            long lo;
            if (s < 0) {
                hi = 0;
                lo = s <= -24 ? 0 : mantissa >>> -s;
            } else if (s == 0) {
                hi = 0;
                lo = mantissa;
            } else if (s < 64) {
                hi = mantissa >>> (64 - s);
                lo = mantissa << s;
            } else {
                hi = mantissa << (s - 64);
                lo = 0;
            }
            if (bits < 0) {
                lo = -lo;
                hi = lo == 0 ? -hi : ~hi;
            }
            add(w, hi, lo);
        }
    }

    /** Takes back the first {@code count} values of a row, so a refused row adds nothing. */
    private void undo(int c, float[] values, int offset, int count) {
        float[] negated = new float[dim];
        for (int j = 0; j < count; j++) {
            negated[j] = -values[offset + j];
        }
        addRow(c, negated, 0);
    }

    private static IllegalArgumentException outOfRange(float value, int j) {
        String why = Float.isFinite(value) ? "is outside the range the exact cluster sums hold, "
                + "(-2^31, 2^31)" : "is not finite: the input holds NaN or Inf values (check "
                + "the embeddings at ingest)";
        return new IllegalArgumentException("value " + value + " at dim " + j + " " + why);
    }

    /**
     * Adds every sum of {@code other} to this one.
     *
     * @param other sums of the same {@code k} and dimension
     * @throws IllegalArgumentException when the shapes differ
     */
    public void addAll(ClusterSums other) {
        if (other.k != k || other.dim != dim) {
            throw new IllegalArgumentException("cannot add cluster sums of k = " + other.k
                    + ", dim = " + other.dim + " to sums of k = " + k + ", dim = " + dim);
        }
        for (int w = 0; w < words.length; w += 2) {
            add(w, other.words[w], other.words[w + 1]);
        }
    }

    private void add(int w, long hi, long lo) {
        long low = words[w + 1] + lo;
        long carry = Long.compareUnsigned(low, lo) < 0 ? 1 : 0;
        words[w + 1] = low;
        words[w] += hi + carry;
    }

    /**
     * Returns one sum as a double: a function of the exact sum only, so equal sums give equal
     * doubles.
     *
     * @param c the centroid
     * @param j the dimension
     * @return the sum, within one double rounding step of the exact value
     */
    public double value(int c, int j) {
        int w = 2 * (c * dim + j);
        long hi = words[w];
        long lo = words[w + 1];
        // hi counts units of 2^(128 - 64 - 64) = 1; lo is unsigned units of 2^-64
        double low = (lo >>> 1) * 0x1p-63 + (lo & 1) * TWO_POW_MINUS_64;
        return hi + low;
    }

    /**
     * Returns all sums as doubles, row-major {@code k x dim}.
     *
     * @return a new array of {@code k * dim} values
     */
    public double[] toDoubles() {
        double[] out = new double[k * dim];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < dim; j++) {
                out[c * dim + j] = value(c, j);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterSums other && other.k == k && other.dim == dim
                && Arrays.equals(other.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * k + dim) + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "ClusterSums[k=" + k + ", dim=" + dim + "]";
    }
}
