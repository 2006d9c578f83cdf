package dev.curate.engine.kmeans;

import java.util.Objects;

/**
 * A dense row-major float32 matrix held on the heap: the input of every level above the first
 * (the centroids of the level below) and of resampling steps. The matrix owns its array and
 * exposes it without a copy; callers must not change it while k-means runs.
 */
public final class FloatMatrix implements VectorSource {

    private final float[] data;
    private final int rows;
    private final int dim;

    /**
     * Wraps {@code data} as a {@code rows x dim} matrix without copying.
     *
     * @param data row-major values, exactly {@code rows * dim} long
     * @param rows number of rows, at least 0
     * @param dim number of columns, at least 1
     */
    public FloatMatrix(float[] data, int rows, int dim) {
        Objects.requireNonNull(data, "data");
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        if (rows < 0 || (long) rows * dim != data.length) {
            throw new IllegalArgumentException("matrix of " + rows + " x " + dim
                    + " needs " + (long) rows * dim + " values, got " + data.length);
        }
        this.data = data;
        this.rows = rows;
        this.dim = dim;
    }

    /** Copies all rows of {@code source} into a new heap matrix. */
    public static FloatMatrix copyOf(VectorSource source) {
        long n = source.rows();
        int d = source.dim();
        if (n * d > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " x " + d
                    + " vectors do not fit one Java array of at most 2^31 floats");
        }
        float[] all = new float[(int) (n * d)];
        source.scan(4096, (first, count, block) ->
                System.arraycopy(block, 0, all, (int) (first * d), count * d));
        return new FloatMatrix(all, (int) n, d);
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    /** Returns the number of rows as an int. */
    public int rowCount() {
        return rows;
    }

    /** Returns the backing row-major array (no copy). */
    public float[] data() {
        return data;
    }

    /** Returns element {@code (row, col)}. */
    public float get(int row, int col) {
        return data[row * dim + col];
    }

    @Override
    public void scan(int maxRows, BlockVisitor visitor) {
        if (maxRows >= rows) {
            visitor.visit(0, rows, data);
            return;
        }
        float[] block = new float[maxRows * dim];
        for (int first = 0; first < rows; first += maxRows) {
            int count = Math.min(maxRows, rows - first);
            System.arraycopy(data, first * dim, block, 0, count * dim);
            visitor.visit(first, count, block);
        }
    }

    @Override
    public void readRow(long row, float[] dst, int offset) {
        System.arraycopy(data, Math.toIntExact(row) * dim, dst, offset, dim);
    }

    /** Returns a new matrix holding the given rows of this one, in the given order. */
    public FloatMatrix selectRows(int[] rowIndices) {
        float[] out = new float[rowIndices.length * dim];
        for (int i = 0; i < rowIndices.length; i++) {
            System.arraycopy(data, rowIndices[i] * dim, out, i * dim, dim);
        }
        return new FloatMatrix(out, rowIndices.length, dim);
    }
}
