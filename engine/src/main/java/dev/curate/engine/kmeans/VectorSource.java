package dev.curate.engine.kmeans;

/**
 * A read-only matrix of {@code rows() x dim()} float32 vectors that k-means can scan in blocks
 * and read row by row. Level 1 of a tree reads tile embeddings from the store through this
 * interface, so a pool larger than the heap is never loaded whole.
 *
 * <p>Implementations must allow several sequential scans; they need not be thread safe.
 */
public interface VectorSource {

    /** Returns the number of vectors, at least 0. */
    long rows();

    /** Returns the dimension of every vector, at least 1. */
    int dim();

    /**
     * Visits all rows in ascending order, in blocks of at most {@code maxRows} rows.
     *
     * @param maxRows the largest block handed to the visitor, at least 1
     * @param visitor receives each block; the block array is reused between calls and is only
     *     valid during the call
     */
    void scan(int maxRows, BlockVisitor visitor);

    /**
     * Copies row {@code row} into {@code dst} starting at {@code offset}.
     *
     * @param row the row number, in {@code [0, rows())}
     * @param dst destination with room for {@code dim()} floats from {@code offset}
     * @param offset where the row starts in {@code dst}
     */
    void readRow(long row, float[] dst, int offset);

    /** Receives one block of consecutive rows during {@link #scan}. */
    @FunctionalInterface
    interface BlockVisitor {

        /**
         * Handles rows {@code firstRow .. firstRow + count - 1}, stored row-major in
         * {@code data[0 .. count * dim)}.
         */
        void visit(long firstRow, int count, float[] data);
    }
}
