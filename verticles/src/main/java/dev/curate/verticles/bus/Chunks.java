package dev.curate.verticles.bus;

import io.vertx.core.buffer.Buffer;

/**
 * Cuts large arrays into event-bus messages of at most {@link #MAX_CHUNK_BYTES} and puts them
 * back together. Arrays travel as raw big-endian {@link Buffer}s (the built-in codec, so every
 * node can read them); the receiver asks for the next chunk by byte offset, so a slow receiver
 * is never flooded and a lost node shows up as a failed request.
 */
public final class Chunks {

    /** The largest payload of one message: 1 MiB. */
    public static final int MAX_CHUNK_BYTES = 1 << 20;

    /** Delivery header holding the total byte length of the array a chunk belongs to. */
    public static final String TOTAL_BYTES = "totalBytes";

    /** Delivery header holding a chunk's byte offset inside its array. */
    public static final String OFFSET_BYTES = "offsetBytes";

    private Chunks() {
    }

    /** Returns the bytes {@code [offset, offset + MAX_CHUNK_BYTES)} of {@code all}, clipped. */
    public static Buffer slice(Buffer all, int offset) {
        if (offset < 0 || offset > all.length()) {
            throw new IllegalArgumentException("chunk offset " + offset + " is outside 0.."
                    + all.length());
        }
        return all.getBuffer(offset, Math.min(all.length(), offset + MAX_CHUNK_BYTES));
    }

    /** Returns the floats as big-endian bytes. */
    public static Buffer floats(float[] values, int from, int count) {
        Buffer b = Buffer.buffer(count * 4);
        for (int i = 0; i < count; i++) {
            b.appendFloat(values[from + i]);
        }
        return b;
    }

    /** Returns the whole array as big-endian bytes. */
    public static Buffer floats(float[] values) {
        return floats(values, 0, values.length);
    }

    /** Returns the doubles as big-endian bytes. */
    public static Buffer doubles(double[] values) {
        Buffer b = Buffer.buffer(values.length * 8);
        for (double v : values) {
            b.appendDouble(v);
        }
        return b;
    }

    /** Returns the ints as big-endian bytes. */
    public static Buffer ints(int[] values) {
        Buffer b = Buffer.buffer(values.length * 4);
        for (int v : values) {
            b.appendInt(v);
        }
        return b;
    }

    /** Returns the longs as big-endian bytes. */
    public static Buffer longs(long[] values) {
        Buffer b = Buffer.buffer(values.length * 8);
        for (long v : values) {
            b.appendLong(v);
        }
        return b;
    }

    /** Reads {@code count} floats from {@code b} into {@code dst} at {@code offset}. */
    public static void readFloats(Buffer b, float[] dst, int offset, int count) {
        for (int i = 0; i < count; i++) {
            dst[offset + i] = b.getFloat(i * 4);
        }
    }

    /** Reads a whole buffer of big-endian floats. */
    public static float[] toFloats(Buffer b) {
        float[] out = new float[b.length() / 4];
        readFloats(b, out, 0, out.length);
        return out;
    }

    /** Reads a whole buffer of big-endian doubles. */
    public static double[] toDoubles(Buffer b) {
        double[] out = new double[b.length() / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getDouble(i * 8);
        }
        return out;
    }

    /** Reads a whole buffer of big-endian ints. */
    public static int[] toInts(Buffer b) {
        int[] out = new int[b.length() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getInt(i * 4);
        }
        return out;
    }

    /** Reads a whole buffer of big-endian longs. */
    public static long[] toLongs(Buffer b) {
        long[] out = new long[b.length() / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getLong(i * 8);
        }
        return out;
    }
}
