package dev.curate.engine.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes NumPy {@code .npy} files, format version 1.0, little-endian, C order: float32 matrices
 * ({@code <f4}) and int64 vectors or matrices ({@code <i8}). The header is padded with spaces so
 * that the data starts at a multiple of 64 bytes, as NumPy itself does.
 *
 * <p>Each file is written to a temporary name in the target's folder and renamed over the
 * target only when complete, so a failed write never leaves a half file under the real name.
 * Stateless and thread safe for distinct targets.
 */
public final class NpyWriter {

    /** The file magic: byte 0x93 then {@code NUMPY}. */
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int PREAMBLE = 10;
    private static final int CHUNK_BYTES = 1 << 20;

    private NpyWriter() {
    }

    /**
     * Writes a {@code rows x cols} float32 matrix.
     *
     * @param file the target path; replaced atomically if it exists
     * @param data row-major values, exactly {@code rows * cols} long; not changed
     * @param rows number of rows, at least 0
     * @param cols number of columns, at least 0
     * @throws IllegalArgumentException when the shape does not match the data
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void writeFloat32(Path file, float[] data, int rows, int cols) {
        checkShape(file, data.length, rows, cols);
        write(file, "<f4", "(" + rows + ", " + cols + ")", data.length, 4,
                (buf, from, count) -> buf.asFloatBuffer().put(data, from, count));
    }

    /**
     * Writes an int64 vector of shape {@code (n,)}.
     *
     * @param file the target path; replaced atomically if it exists
     * @param data the values; not changed
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void writeInt64(Path file, long[] data) {
        write(file, "<i8", "(" + data.length + ",)", data.length, 8,
                (buf, from, count) -> buf.asLongBuffer().put(data, from, count));
    }

    /**
     * Writes a {@code rows x cols} int64 matrix.
     *
     * @param file the target path; replaced atomically if it exists
     * @param data row-major values, exactly {@code rows * cols} long; not changed
     * @param rows number of rows, at least 0
     * @param cols number of columns, at least 0
     * @throws IllegalArgumentException when the shape does not match the data
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void writeInt64(Path file, long[] data, int rows, int cols) {
        checkShape(file, data.length, rows, cols);
        write(file, "<i8", "(" + rows + ", " + cols + ")", data.length, 8,
                (buf, from, count) -> buf.asLongBuffer().put(data, from, count));
    }

    /**
     * Returns the full v1.0 header (magic, version, length, padded dictionary) for a C-order
     * array of the given NumPy type string and shape tuple text.
     *
     * @param descr the NumPy type string, such as {@code <f4}
     * @param shape the shape as a Python tuple, such as {@code (3, 4)} or {@code (5,)}
     * @return the header bytes; their length is a multiple of 64
     */
    static byte[] header(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape
                + ", }";
        int unpadded = PREAMBLE + dict.length() + 1;
        int total = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        String text = dict + " ".repeat(total - unpadded) + "\n";
        byte[] textBytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) textBytes.length);
        out.put(textBytes);
        return out.array();
    }

    private static void checkShape(Path file, int length, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != length) {
            throw new IllegalArgumentException("shape " + rows + " x " + cols + " needs "
                    + (long) rows * cols + " values, got " + length + " (writing " + file + ")");
        }
    }

    /** Copies {@code count} values from index {@code from} into a little-endian buffer. */
    @FunctionalInterface
    private interface Chunk {
        void put(ByteBuffer buf, int from, int count);
    }

    private static void write(Path file, String descr, String shape, int length, int width,
            Chunk chunk) {
        Objects.requireNonNull(file, "file");
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, ByteBuffer.wrap(header(descr, shape)));
                int perChunk = CHUNK_BYTES / width;
                ByteBuffer buf = ByteBuffer.allocate(perChunk * width)
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (int from = 0; from < length; from += perChunk) {
                    int count = Math.min(perChunk, length - from);
                    buf.clear();
                    chunk.put(buf, from, count);
                    buf.limit(count * width);
                    writeFully(ch, buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteAfterFailure(tmp, e);
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void deleteAfterFailure(Path tmp, IOException failure) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
