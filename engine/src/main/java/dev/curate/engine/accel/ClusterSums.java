package dev.curate.engine.accel;

import java.util.Arrays;

/**
 * The per-centroid sums of Lloyd's update step, kept exactly: each sum is a pair of 64-bit
 * integers, a coarse part in units of {@code 2^-16} and a fine part in units of
 * {@code 2^-48}, and each float32 input is split between them without rounding (only
 * magnitudes below {@code 2^-48} are dropped, and those the same way wherever they are
 * added). Integer addition is associative, so the sums of a pool equal each other however its
 * rows are split into blocks, threads or shards and in whatever order the parts are added: a
 * sharded run reduces to the bits of a one-machine run. {@link #value} turns a sum into a
 * double once, at the end.
 *
 * <p>Inputs must lie strictly inside {@code (-2^16, 2^16)}; then no sum of fewer than
 * {@code 2^31} rows can overflow. Tile embeddings are far smaller (unit-norm or layer-normed
 * features). Not thread safe: one writer at a time.
 */
public final class ClusterSums {

    /** Fraction bits of the fine part: the smallest step kept is {@code 2^-48}. */
    public static final int FRACTION_BITS = 48;

    /** Inputs must be smaller than this in magnitude. */
    public static final float LIMIT = 0x1p16f;

    private static final double COARSE_UNITS = 0x1p16;
    private static final double COARSE_UNIT = 0x1p-16;
    private static final double FINE_PER_COARSE = 0x1p32;
    private static final double FINE_UNIT = 0x1p-48;

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
     * @param words {@code 2 * k * dim} words: coarse then fine part of each sum, row-major
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
     * Returns the raw words, coarse then fine part of each sum, row-major; the array is
     * shared.
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
     *     {@code (-2^16, 2^16)}, naming it and its position in the row; the row then adds
     *     nothing
     */
    public void addRow(int c, float[] values, int offset) {
        float largest = 0f;
        for (int j = 0; j < dim; j++) {
            largest = Math.max(largest, Math.abs(values[offset + j]));
        }
        if (!(largest < LIMIT)) {
            throw outOfRange(values, offset);
        }
        int w = 2 * c * dim;
        for (int j = 0; j < dim; j++, w += 2) {
            // v * 2^16 is exact and has at most 24 significant bits, so its integer part
            // (coarse, below 2^32) and the rest (fine, in units of 2^-32 of a coarse unit)
            // are exact too; only the bits of the rest below 2^-48 are dropped
            double scaled = values[offset + j] * COARSE_UNITS;
            long coarse = (long) scaled;
            words[w] += coarse;
            words[w + 1] += (long) ((scaled - coarse) * FINE_PER_COARSE);
        }
    }

    private IllegalArgumentException outOfRange(float[] values, int offset) {
        int j = 0;
        while (Math.abs(values[offset + j]) < LIMIT) {
            j++;
        }
        float value = values[offset + j];
        String why = Float.isFinite(value) ? "is outside the range the exact cluster sums hold, "
                + "(-65536, 65536)" : "is not finite: the input holds NaN or Inf values (check "
                + "the embeddings at ingest)";
        return new IllegalArgumentException("value " + value + " at dim " + j + " " + why);
    }

    /**
     * Adds every sum of {@code other} to this one.
     *
     * @param other sums of the same {@code k} and dimension
     * @throws IllegalArgumentException when the shapes differ
     * @throws ArithmeticException when a sum would overflow (more than {@code 2^31} rows)
     */
    public void addAll(ClusterSums other) {
        if (other.k != k || other.dim != dim) {
            throw new IllegalArgumentException("cannot add cluster sums of k = " + other.k
                    + ", dim = " + other.dim + " to sums of k = " + k + ", dim = " + dim);
        }
        for (int w = 0; w < words.length; w += 2) {
            words[w] = Math.addExact(words[w], other.words[w]);
            words[w + 1] = Math.addExact(words[w + 1], other.words[w + 1]);
        }
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
        return words[w] * COARSE_UNIT + words[w + 1] * FINE_UNIT;
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
