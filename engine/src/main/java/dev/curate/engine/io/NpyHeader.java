package dev.curate.engine.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The parsed header of a NumPy {@code .npy} file holding float16, float32 or float64 values.
 * Format versions 1.0 (2-byte header length, data at {@code 10 + length}), 2.0 and 3.0 (4-byte
 * length, data at {@code 12 + length}; 3.0 with a UTF-8 header) are read; the data offset is
 * always computed from the length field, never assumed to be aligned.
 *
 * @param majorVersion format version, 1, 2 or 3
 * @param descr the NumPy type string, such as {@code <f4} or {@code >f2}
 * @param fortranOrder whether the data is stored column-major
 * @param shape the array shape; entries are at least 0
 * @param dataOffset the byte position of the first data byte in the file
 */
public record NpyHeader(int majorVersion, String descr, boolean fortranOrder, long[] shape,
        long dataOffset) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Copies the shape so the header stays immutable. */
    public NpyHeader {
        shape = shape.clone();
    }

    /** Returns a copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Compares all fields, the shape by its values. */
    @Override
    public boolean equals(Object other) {
        return other instanceof NpyHeader h && majorVersion == h.majorVersion
                && descr.equals(h.descr) && fortranOrder == h.fortranOrder
                && Arrays.equals(shape, h.shape) && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(majorVersion, descr, fortranOrder, Arrays.hashCode(shape),
                dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader[v" + majorVersion + " " + fingerprint() + "]";
    }

    /**
     * Reads and checks the header of {@code file}.
     *
     * @param file a {@code .npy} file
     * @return the header
     * @throws IllegalArgumentException if the file is not a float {@code .npy} file
     */
    public static NpyHeader read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read .npy header of " + file, e);
        }
    }

    /**
     * Reads and checks the header at the start of {@code channel}, using positional reads.
     *
     * @param channel an open channel on the file; its position is not changed
     * @param file the file name, used in error messages
     * @return the header
     * @throws IOException if reading fails
     * @throws IllegalArgumentException if the file is not a float {@code .npy} file
     */
    public static NpyHeader read(FileChannel channel, Path file) throws IOException {
        ByteBuffer start6 = readFully(channel, 0, (int) Math.min(6, channel.size()), file, "");
        byte[] magic = new byte[start6.remaining()];
        start6.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException(file + ": not a .npy file: the first 6 bytes are "
                    + hex(magic) + ", expected 93 4e 55 4d 50 59 (\\x93NUMPY)");
        }
        ByteBuffer prelude = readFully(channel, 0, 12, file, "the header prelude");
        int major = prelude.get(6) & 0xff;
        prelude.order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        long start;
        if (major == 1) {
            headerLength = prelude.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLength = prelude.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new IllegalArgumentException(file + ": .npy format version " + major
                    + " is not supported: expected 1, 2 or 3");
        }
        if (start + headerLength > channel.size() || headerLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(file + ": header length field says "
                    + grouped(headerLength) + " bytes but the file has only "
                    + grouped(channel.size()) + " bytes: truncated or not a .npy file");
        }
        ByteBuffer text = readFully(channel, start, (int) headerLength, file, "the header");
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String dict = charset.decode(text).toString();
        return fromDictionary(dict, major, start + headerLength, file);
    }

    /** Builds the header from the header dictionary text, checking every field. */
    private static NpyHeader fromDictionary(String dict, int major, long dataOffset, Path file) {
        Map<String, Object> fields = NpyDictParser.parse(dict, file);
        Object descr = fields.get("descr");
        Object fortran = fields.get("fortran_order");
        Object shape = fields.get("shape");
        if (descr == null || fortran == null || shape == null) {
            throw new IllegalArgumentException(file + ": header " + dict.strip()
                    + " lacks one of 'descr', 'fortran_order', 'shape'");
        }
        if (!(descr instanceof String)) {
            throw new IllegalArgumentException(file + ": structured dtype " + descr
                    + " is not supported: expected float16, float32 or float64");
        }
        if (!(fortran instanceof Boolean) || !(shape instanceof long[])) {
            throw new IllegalArgumentException(file + ": malformed header " + dict.strip());
        }
        checkDescr((String) descr, file);
        return new NpyHeader(major, (String) descr, (Boolean) fortran, (long[]) shape,
                dataOffset);
    }

    /** Refuses object arrays and every dtype that is not a float of 2, 4 or 8 bytes. */
    private static void checkDescr(String descr, Path file) {
        if (descr.length() >= 2 && descr.charAt(1) == 'O') {
            throw new IllegalArgumentException(file + ": dtype '" + descr
                    + "': object arrays are not supported; save the embeddings as a float array");
        }
        boolean order = descr.length() == 3 && "<>=|".indexOf(descr.charAt(0)) >= 0;
        boolean floatKind = order && descr.charAt(1) == 'f' && "248".indexOf(descr.charAt(2)) >= 0;
        if (!floatKind || descr.charAt(0) == '|') {
            throw new IllegalArgumentException(file + ": unsupported dtype '" + descr
                    + "': expected float16, float32 or float64 ('<f2', '<f4', '<f8' or '>'"
                    + " big-endian)");
        }
    }

    /** Returns the size of one element in bytes: 2, 4 or 8. */
    public int elementBytes() {
        return descr.charAt(2) - '0';
    }

    /** Returns the byte order of the data. */
    public ByteOrder byteOrder() {
        char c = descr.charAt(0);
        if (c == '=') {
            return ByteOrder.nativeOrder();
        }
        return c == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** Returns the number of elements, the product of the shape. */
    public long elementCount() {
        long count = 1;
        for (long s : shape) {
            count = Math.multiplyExact(count, s);
        }
        return count;
    }

    /** Returns the number of data bytes the shape and dtype call for. */
    public long dataBytes() {
        return Math.multiplyExact(elementCount(), elementBytes());
    }

    /** Returns the shape as NumPy prints it, such as {@code (1000, 768)} or {@code (113,)}. */
    public String shapeText() {
        String inner = Arrays.stream(shape).mapToObj(Long::toString)
                .collect(Collectors.joining(", "));
        return "(" + inner + (shape.length == 1 ? ",)" : ")");
    }

    /** Returns a short, stable description: dtype, order and shape. */
    public String fingerprint() {
        return "descr=" + descr + " fortran_order=" + fortranOrder + " shape=" + shapeText()
                + " data_offset=" + dataOffset;
    }

    /** Formats a byte count with thousands separators, such as {@code 3,072,000}. */
    static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length,
            Path file, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IllegalArgumentException(file + ": file ends inside " + what
                        + ": expected " + grouped(position + length) + " bytes, found "
                        + grouped(channel.size()));
            }
            at += n;
        }
        return buffer.flip();
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(out.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }
}
