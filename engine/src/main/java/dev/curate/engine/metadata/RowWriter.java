package dev.curate.engine.metadata;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes CSV rows of the form {@code <prefix><decimal long><suffix>} into a byte buffer, for
 * tens of millions of rows without a string or boxed number per row. The prefix and suffix
 * are already-quoted UTF-8 bytes. Buffers 1 MiB itself, so the stream needs no buffer of its
 * own. Not thread safe.
 */
final class RowWriter implements AutoCloseable {

    private static final int CAPACITY = 1 << 20;

    private final OutputStream out;
    private final byte[] buf = new byte[CAPACITY];
    private final byte[] digits = new byte[20];
    private int size;

    RowWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes {@code text} as UTF-8. */
    void text(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        put(bytes);
    }

    /** Writes one row; {@code value} is at least 0. */
    void row(byte[] prefix, long value, byte[] suffix) {
        ensure(prefix.length + digits.length + suffix.length);
        put(prefix);
        int d = digits.length;
        long v = value;
        do {
            digits[--d] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v > 0);
        int len = digits.length - d;
        System.arraycopy(digits, d, buf, size, len);
        size += len;
        put(suffix);
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int bytes) {
        if (size + bytes > buf.length) {
            flush();
        }
        if (bytes > buf.length) {
            throw new IllegalArgumentException("a CSV row of " + bytes + " bytes exceeds the "
                    + buf.length + "-byte buffer");
        }
    }

    private void flush() {
        try {
            out.write(buf, 0, size);
            size = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
