package dev.curate.verticles.bridge;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;

/**
 * Checks the frames one client sends before they reach the Vert.x TCP bridge: a 4-byte
 * big-endian length of at most {@link #MAX_FRAME_BYTES}, then that many bytes holding one JSON
 * object. Whole valid frames are passed on unchanged; the first bad one stops the guard, which
 * reports why (the library bridge only logs a bad frame and keeps the connection). Not thread
 * safe: one guard per connection, fed from its event loop.
 */
final class FrameGuard {

    /** The largest frame a lab tool may send: 1 MiB, far above any request body. */
    static final int MAX_FRAME_BYTES = 1 << 20;

    private final Consumer<Buffer> valid;
    private final Consumer<String> malformed;
    private Buffer pending = Buffer.buffer();
    private boolean failed;

    /**
     * Creates a guard.
     *
     * @param valid receives each whole valid frame, length prefix included
     * @param malformed receives the reason, once, when a frame is bad
     */
    FrameGuard(Consumer<Buffer> valid, Consumer<String> malformed) {
        this.valid = valid;
        this.malformed = malformed;
    }

    /** Adds bytes from the client; passes on every frame they complete. */
    void feed(Buffer bytes) {
        if (failed) {
            return;
        }
        pending.appendBuffer(bytes);
        while (pending.length() >= 4) {
            int length = pending.getInt(0);
            if (length < 2 || length > MAX_FRAME_BYTES) {
                fail("frame length " + length + " is outside 2.." + MAX_FRAME_BYTES + " bytes");
                return;
            }
            if (pending.length() < 4 + length) {
                return;
            }
            Buffer frame = pending.getBuffer(0, 4 + length);
            try {
                new JsonObject(frame.getString(4, 4 + length, "UTF-8"));
            } catch (DecodeException | ClassCastException e) {
                fail("frame of " + length + " bytes is not a JSON object: " + e.getMessage());
                return;
            }
            pending = pending.getBuffer(4 + length, pending.length());
            valid.accept(frame);
        }
    }

    private void fail(String reason) {
        failed = true;
        pending = Buffer.buffer();
        malformed.accept(reason);
    }
}
