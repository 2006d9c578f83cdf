package dev.curate.engine.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * Key and value encodings of the store. Numbers in keys are 8-byte big-endian so LMDB's byte
 * order is numeric order; values are little-endian. Large arrays are split into records of
 * {@link #CHUNK_BYTES} so no single value grows with the data (LMDB copies whole overflow
 * values on update, and a value of 4 GiB or more cannot be stored at all).
 */
final class StoreCodec {

    /** Payload bytes of one array record: 16 pages of 4 KiB less the overflow page header. */
    static final int CHUNK_BYTES = 16 * 4096 - 16;

    private StoreCodec() {
    }

    /** Returns a direct buffer holding {@code value} as 8 big-endian bytes. */
    static ByteBuffer longKey(long value) {
        return ByteBuffer.allocateDirect(8).putLong(0, value);
    }

    /** Returns a direct buffer holding the UTF-8 bytes of {@code text}. */
    static ByteBuffer stringKey(String text) {
        return direct(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns a direct buffer holding a copy of {@code bytes}. */
    static ByteBuffer direct(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(1, bytes.length));
        buffer.put(bytes).flip();
        return buffer;
    }

    /** Returns the remaining bytes of {@code buffer} without moving its position. */
    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** Stores {@code value} under {@code key} as UTF-8. */
    static void putString(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String key, String value) {
        db.put(txn, stringKey(key), direct(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Returns the UTF-8 value under {@code key}, if any. */
    static Optional<String> getString(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String key) {
        ByteBuffer value = db.get(txn, stringKey(key));
        return value == null ? Optional.empty()
                : Optional.of(new String(bytes(value), StandardCharsets.UTF_8));
    }

    /** Returns the key of record {@code chunk} of array {@code name}. */
    static ByteBuffer chunkKey(String name, long chunk) {
        byte[] prefix = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer key = ByteBuffer.allocateDirect(prefix.length + 9);
        key.put(prefix).put((byte) 0).putLong(chunk).flip();
        return key;
    }

    /** Writes one array record; {@code fill} puts {@code count} elements from {@code from}. */
    @FunctionalInterface
    private interface ChunkFiller {
        void fill(ByteBuffer target, int from, int count);
    }

    /** Reads one array record into the destination array from element {@code from}. */
    @FunctionalInterface
    private interface ChunkDrainer {
        void drain(ByteBuffer source, int from, int count);
    }

    private static void putArray(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String name,
            int length, int elementBytes, ChunkFiller filler) {
        int perChunk = CHUNK_BYTES / elementBytes;
        putString(db, txn, name, Integer.toString(length));
        for (int from = 0, chunk = 0; from < length; from += perChunk, chunk++) {
            int count = Math.min(perChunk, length - from);
            ByteBuffer value = db.reserve(txn, chunkKey(name, chunk), count * elementBytes);
            filler.fill(value.order(ByteOrder.LITTLE_ENDIAN), from, count);
        }
    }

    private static int getArray(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String name,
            int elementBytes, ChunkDrainer drainer) {
        int length = Integer.parseInt(getString(db, txn, name).orElseThrow());
        int perChunk = CHUNK_BYTES / elementBytes;
        for (int from = 0, chunk = 0; from < length; from += perChunk, chunk++) {
            int count = Math.min(perChunk, length - from);
            ByteBuffer value = db.get(txn, chunkKey(name, chunk));
            if (value == null || value.remaining() != count * elementBytes) {
                throw new IllegalStateException("store record " + name + "#" + chunk
                        + " is missing or has the wrong size: expected " + count * elementBytes
                        + " bytes");
            }
            drainer.drain(value.order(ByteOrder.LITTLE_ENDIAN), from, count);
        }
        return length;
    }

    /** Returns the length of array {@code name}, or -1 when it is not stored. */
    static int arrayLength(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String name) {
        return getString(db, txn, name).map(Integer::parseInt).orElse(-1);
    }

    static void putLongs(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String name, long[] values) {
        putArray(db, txn, name, values.length, 8,
                (target, from, count) -> target.asLongBuffer().put(values, from, count));
    }

    static long[] getLongs(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String name) {
        long[] out = new long[arrayLength(db, txn, name)];
        getArray(db, txn, name, 8,
                (source, from, count) -> source.asLongBuffer().get(out, from, count));
        return out;
    }

    static void putInts(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String name, int[] values) {
        putArray(db, txn, name, values.length, 4,
                (target, from, count) -> target.asIntBuffer().put(values, from, count));
    }

    static int[] getInts(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String name) {
        int[] out = new int[arrayLength(db, txn, name)];
        getArray(db, txn, name, 4,
                (source, from, count) -> source.asIntBuffer().get(out, from, count));
        return out;
    }

    static void putFloats(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String name, float[] values) {
        putArray(db, txn, name, values.length, 4,
                (target, from, count) -> target.asFloatBuffer().put(values, from, count));
    }

    static float[] getFloats(Dbi<ByteBuffer> db, Txn<ByteBuffer> txn, String name) {
        float[] out = new float[arrayLength(db, txn, name)];
        getArray(db, txn, name, 4,
                (source, from, count) -> source.asFloatBuffer().get(out, from, count));
        return out;
    }

    /** Encodes a string map as counted, length-prefixed UTF-8 pairs. */
    static byte[] encodeMap(Map<String, String> map) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(map.size());
            for (Map.Entry<String, String> e : map.entrySet()) {
                writeText(out, e.getKey());
                writeText(out, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes what {@link #encodeMap} wrote, keeping the order. */
    static Map<String, String> decodeMap(byte[] encoded) {
        Map<String, String> map = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                map.put(readText(in), readText(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
