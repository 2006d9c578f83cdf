package dev.curate.verticles.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.LevelStats;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A body without a registered codec fails back to its sender at once, naming the codec. */
@ExtendWith(VertxExtension.class)
class MissingCodecTest {

    @Test
    void recordBodyWithoutCodecFailsAtTheSender(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        AtomicBoolean delivered = new AtomicBoolean();
        vertx.eventBus().consumer(Addresses.RUN_STATUS, m -> delivered.set(true))
                .completion().onComplete(ctx.succeeding(x -> {
                    LevelStats body = new LevelStats(1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0);
                    String failure;
                    try {
                        failure = vertx.eventBus().request(Addresses.RUN_STATUS, body)
                                .cause().getMessage();
                    } catch (IllegalArgumentException e) {
                        failure = e.getMessage();
                    }
                    String text = failure;
                    ctx.verify(() -> {
                        assertEquals("No message codec for type: class "
                                + LevelStats.class.getName(), text);
                        assertEquals(false, delivered.get());
                    });
                    ctx.completeNow();
                }));
        assertTrue(ctx.awaitCompletion(10, TimeUnit.SECONDS));
    }
}
