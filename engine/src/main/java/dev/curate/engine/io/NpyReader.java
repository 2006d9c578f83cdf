package dev.curate.engine.io;

import dev.curate.engine.kmeans.VectorSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads one or more NumPy {@code .npy} matrices (float16, float32 or float64; C or Fortran
 * order; either byte order) as one pool of float32 rows: part 0's rows first, then part 1's,
 * and so on. Every part is checked when the reader opens (magic, version, dtype, 2-D shape,
 * exact data byte count, equal dimension across parts), so a bad file fails before any row is
 * used.
 *
 * <p>Files are read with positional {@link FileChannel} reads in blocks, so parts far larger
 * than 2 GiB and than the heap work; nothing is memory-mapped. Values are converted to float32;
 * a finite float64 value outside the float32 range is an error, never a silent infinity.
 *
 * <p>The reader owns its open channels until {@link #close()}. It is not thread safe.
 */
public final class NpyReader implements VectorSource, AutoCloseable {

    /** Upper bound on the bytes one positional read brings in. */
    private static final int READ_BLOCK_BYTES = 8 << 20;

    private final List<Part> parts;
    private final List<FileChannel> channels;
    private final long rows;
    private final int dim;

    /**
     * One file of the pool.
     *
     * @param file the file
     * @param header its checked header
     * @param firstRow the global row number of the part's first row
     * @param sizeBytes the file size in bytes
     */
    public record Part(Path file, NpyHeader header, long firstRow, long sizeBytes) {

        /** Returns the number of rows in this part. */
        public long rows() {
            return header.shape()[0];
        }
    }

    private NpyReader(List<Part> parts, List<FileChannel> channels, long rows, int dim) {
        this.parts = List.copyOf(parts);
        this.channels = List.copyOf(channels);
        this.rows = rows;
        this.dim = dim;
    }

    /**
     * Opens one {@code .npy} file.
     *
     * @param file a 2-D float {@code .npy} file
     * @return an open reader; close it when done
     * @throws IllegalArgumentException if the file is malformed, truncated or not a matrix
     */
    public static NpyReader open(Path file) {
        return open(List.of(file));
    }

    /**
     * Opens several {@code .npy} files as one pool, in the given order, checking all of them.
     *
     * @param files at least one file; all must have the same number of columns
     * @return an open reader; close it when done
     * @throws IllegalArgumentException if a part is malformed or its dimension differs
     */
    public static NpyReader open(List<Path> files) {
        Objects.requireNonNull(files, "files");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .npy parts given: expected at least one");
        }
        List<Part> parts = new ArrayList<>();
        List<FileChannel> channels = new ArrayList<>();
        try {
            long total = 0;
            for (Path file : files) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channels.add(channel);
                Part part = checkPart(file, channel, total);
                if (!parts.isEmpty() && cols(part) != cols(parts.get(0))) {
                    throw new IllegalArgumentException("part " + file + " has dim " + cols(part)
                            + " but part " + parts.get(0).file() + " has dim "
                            + cols(parts.get(0)) + ": all parts of a pool need the same dim");
                }
                parts.add(part);
                total += part.rows();
            }
            return new NpyReader(parts, channels, total, cols(parts.get(0)));
        } catch (IOException e) {
            closeAll(channels);
            throw new UncheckedIOException("cannot open .npy parts " + files, e);
        } catch (RuntimeException e) {
            closeAll(channels);
            throw e;
        }
    }

    /** Checks one part's header, byte count and shape. */
    private static Part checkPart(Path file, FileChannel channel, long firstRow)
            throws IOException {
        NpyHeader header = NpyHeader.read(channel, file);
        long size = channel.size();
        long expected = header.dataBytes();
        long found = Math.max(0, size - header.dataOffset());
        if (found < expected) {
            throw new IllegalArgumentException(file + ": truncated: shape " + header.shapeText()
                    + " of '" + header.descr() + "' expected " + NpyHeader.grouped(expected)
                    + " data bytes, found " + NpyHeader.grouped(found));
        }
        if (found > expected) {
            throw new IllegalArgumentException(file + ": " + NpyHeader.grouped(found - expected)
                    + " extra bytes after the " + NpyHeader.grouped(expected) + " data bytes of"
                    + " shape " + header.shapeText() + " (file has " + NpyHeader.grouped(size)
                    + " bytes, expected " + NpyHeader.grouped(header.dataOffset() + expected)
                    + ")");
        }
        long[] shape = header.shape();
        if (shape.length != 2 || shape[1] < 1 || shape[1] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(file + ": shape " + header.shapeText()
                    + " is not an embedding matrix: expected 2 dimensions (rows, dim)"
                    + " with dim at least 1");
        }
        return new Part(file, header, firstRow, size);
    }

    private static int cols(Part part) {
        return (int) part.header().shape()[1];
    }

    /** Returns the parts in pool order. */
    public List<Part> parts() {
        return parts;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void scan(int maxRows, BlockVisitor visitor) {
        scan(0, maxRows, visitor);
    }

    /**
     * Visits rows {@code fromRow .. rows() - 1} in ascending order, in blocks of at most
     * {@code maxRows} rows; a block never spans two parts.
     *
     * @param fromRow the first global row to visit, in {@code [0, rows()]}
     * @param maxRows the largest block handed to the visitor, at least 1
     * @param visitor receives each block; the array is reused and valid only during the call
     */
    public void scan(long fromRow, int maxRows, BlockVisitor visitor) {
        if (maxRows < 1 || fromRow < 0 || fromRow > rows) {
            throw new IllegalArgumentException("scan from row " + fromRow + " in blocks of "
                    + maxRows + ": expected 0 <= fromRow <= " + rows + " and maxRows >= 1");
        }
        int elementBytes = parts.stream().mapToInt(p -> p.header().elementBytes()).max()
                .orElse(4);
        int blockRows = (int) Math.max(1, Math.min(maxRows,
                READ_BLOCK_BYTES / ((long) dim * elementBytes)));
        float[] block = new float[Math.multiplyExact(blockRows, dim)];
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            long start = Math.max(fromRow, part.firstRow()) - part.firstRow();
            for (long r = start; r < part.rows(); r += blockRows) {
                int count = (int) Math.min(blockRows, part.rows() - r);
                readRows(p, r, count, block);
                visitor.visit(part.firstRow() + r, count, block);
            }
        }
    }

    @Override
    public void readRow(long row, float[] dst, int offset) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row " + row + " is outside 0.." + (rows - 1));
        }
        // LIMIT: readRow on a Fortran-order part costs one small read per column when rows are
        // read one by one at random; convert such files to C order (np.ascontiguousarray).
        int p = parts.size() - 1;
        while (parts.get(p).firstRow() > row) {
            p--;
        }
        float[] one = new float[dim];
        readRows(p, row - parts.get(p).firstRow(), 1, one);
        System.arraycopy(one, 0, dst, offset, dim);
    }

    /** Reads {@code count} rows of part {@code p} starting at its local row {@code first}. */
    private void readRows(int p, long first, int count, float[] dst) {
        Part part = parts.get(p);
        NpyHeader header = part.header();
        try {
            if (header.fortranOrder()) {
                readFortranRows(p, first, count, dst);
            } else {
                int bytes = count * dim * header.elementBytes();
                long position = header.dataOffset() + first * dim * header.elementBytes();
                ByteBuffer buffer = read(channels.get(p), position, bytes);
                NpyDecoding.decode(buffer, header, dst, 0, 1, count * dim, part, first * dim);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rows of " + part.file(), e);
        }
    }

    /**
     * Reads rows of a column-major part: each column's slice of the block is contiguous, so a
     * block costs one read per column.
     */
    private void readFortranRows(int p, long first, int count, float[] dst) throws IOException {
        Part part = parts.get(p);
        NpyHeader header = part.header();
        int elementBytes = header.elementBytes();
        for (int c = 0; c < dim; c++) {
            long element = c * part.rows() + first;
            ByteBuffer column = read(channels.get(p),
                    header.dataOffset() + element * elementBytes, count * elementBytes);
            NpyDecoding.decode(column, header, dst, c, dim, count, part, element);
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int bytes)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("file ended at byte " + at + " while reading "
                        + bytes + " bytes from " + position + "; was it truncated while open?");
            }
            at += n;
        }
        return buffer.flip();
    }

    @Override
    public void close() {
        closeAll(channels);
    }

    private static void closeAll(List<FileChannel> channels) {
        IOException first = null;
        for (FileChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new UncheckedIOException("cannot close a .npy part", first);
        }
    }
}
