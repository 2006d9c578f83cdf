package dev.curate.verticles.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameGuardTest {

    final List<String> passed = new ArrayList<>();
    final List<String> reasons = new ArrayList<>();
    final FrameGuard guard = new FrameGuard(f -> passed.add(f.getString(4, f.length())),
            reasons::add);

    static Buffer frame(String json) {
        Buffer body = Buffer.buffer(json);
        return Buffer.buffer().appendInt(body.length()).appendBuffer(body);
    }

    @Test
    void passesWholeFramesSplitAnywhere() {
        Buffer two = frame("{\"a\":1}").appendBuffer(frame("{\"type\":\"ping\"}"));
        guard.feed(two.getBuffer(0, 3));
        guard.feed(two.getBuffer(3, 12));
        assertEquals(List.of("{\"a\":1}"), passed);
        guard.feed(two.getBuffer(12, two.length()));
        assertEquals(List.of("{\"a\":1}", "{\"type\":\"ping\"}"), passed);
        assertEquals(List.of(), reasons);
    }

    @Test
    void stopsAtTheFirstBadFrameAndReportsOnce() {
        guard.feed(frame("{\"ok\":true}").appendBuffer(frame("[1,2]"))
                .appendBuffer(frame("{\"late\":1}")));
        guard.feed(frame("{\"later\":2}"));
        assertEquals(List.of("{\"ok\":true}"), passed);
        assertEquals(1, reasons.size());
        assertEquals(true, reasons.get(0).startsWith("frame of 5 bytes is not a JSON object"),
                reasons.get(0));
    }

    @Test
    void refusesALengthBeyondTheLimit() {
        guard.feed(Buffer.buffer().appendInt(FrameGuard.MAX_FRAME_BYTES + 1).appendByte((byte) 1));
        assertEquals(List.of("frame length 1048577 is outside 2..1048576 bytes"), reasons);
        assertEquals(List.of(), passed);
    }
}
