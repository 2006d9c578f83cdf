package dev.curate.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds {@code .npy} files byte by byte for tests, independent of any writer under test. */
public final class NpyFixtures {

    private NpyFixtures() {
    }

    /** Returns the header dictionary text NumPy writes for these fields (unpadded). */
    public static String dictionary(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
    }

    /**
     * Returns a complete file: magic, version, length field, the dictionary padded with spaces
     * and a newline so the data starts at a multiple of 64, then {@code data}.
     */
    public static byte[] npy(int major, String dictionary, byte[] data) {
        int prelude = major == 1 ? 10 : 12;
        int unpadded = prelude + dictionary.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dictionary + " ".repeat(total - unpadded) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4)
                .order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) header.length());
        } else {
            length.putInt(header.length());
        }
        out.writeBytes(length.array());
        out.writeBytes(header.getBytes(major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Returns the bytes given as hex pairs separated by blanks, such as {@code "00 3c"}. */
    public static byte[] hex(String pairs) {
        String[] parts = pairs.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    /** Returns the little-endian float32 bytes of {@code values}. */
    public static byte[] f4(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    /** Returns the little-endian float64 bytes of {@code values}. */
    public static byte[] f8(double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            buffer.putDouble(v);
        }
        return buffer.array();
    }

    /** Writes a version 1 {@code '<f4'} C-order matrix to {@code dir/name}. */
    public static Path writeF4(Path dir, String name, float[][] rows) {
        int dim = rows.length == 0 ? 1 : rows[0].length;
        float[] flat = new float[rows.length * dim];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * dim, dim);
        }
        String shape = "(" + rows.length + ", " + dim + ")";
        return write(dir.resolve(name), npy(1, dictionary("<f4", false, shape), f4(flat)));
    }

    /** Writes {@code bytes} to {@code file} and returns the file. */
    public static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
