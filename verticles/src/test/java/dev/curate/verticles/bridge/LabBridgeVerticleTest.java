package dev.curate.verticles.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.HierarchicalSampler;
import dev.curate.verticles.Deployments;
import dev.curate.verticles.RuntimeFixtures;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.StatsJson;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The lab bridge: the Python client round trip, allow-lists and malformed frames. */
@ExtendWith(VertxExtension.class)
class LabBridgeVerticleTest {

    /** The client, found relative to this module. */
    static final Path CLIENT = Path.of(System.getProperty("curate.pythonClient",
            "../examples/python/curate_client.py"));

    @TempDir
    static Path dir;

    static Path store;
    static ClusterTree expected;
    int port;

    @BeforeAll
    static void pool() {
        store = RuntimeFixtures.ingestPool(dir.resolve("pool"));
        expected = RuntimeFixtures.engineTree(store, RuntimeFixtures.params());
    }

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        port = FrameSocket.freePort();
        Path copy = RuntimeFixtures.copyStore(store, dir.resolve("shard-" + port));
        await(Deployments.deployCoordinator(vertx, new JsonObject().put("backend", "java"))
                .compose(h -> Deployments.deployShard(vertx, new JsonObject()
                        .put("store", copy.toString()).put("backend", "java")))
                .compose(id -> vertx.deployVerticle(new LabBridgeVerticle(),
                        new DeploymentOptions().setConfig(new JsonObject().put("port", port)))));
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void pythonClientWatchesARunAndDrawsTheEngineSample(Vertx vertx) throws Exception {
        assertTrue(Files.isRegularFile(CLIENT), "client at " + CLIENT.toAbsolutePath());
        Process p = new ProcessBuilder("python3", CLIENT.toString(), "--port",
                Integer.toString(port), "--target", "500", "--seed", "3", "--wait-run")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("{\"subscribed\": \"curate.kmeans.progress\"}", out.readLine());
            await(vertx.eventBus().request(Addresses.KMEANS_RUN, new JsonObject()
                    .put("params", StatsJson.toJson(RuntimeFixtures.params()))));
            JsonObject result = new JsonObject(out.readLine());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "client did not exit");
            assertEquals(0, p.exitValue());
            long[] want = HierarchicalSampler.sample(expected, new HierarchicalSampler.Request(
                    500, 1, SamplingStrategy.CLOSEST, 3)).indices();
            JsonArray got = result.getJsonArray("indices");
            long[] gotIndices = new long[got.size()];
            java.util.Arrays.setAll(gotIndices, got::getLong);
            assertArrayEquals(want, gotIndices);
            JsonObject events = result.getJsonObject("events");
            assertEquals(1, events.getInteger("runStart"), events.encode());
            assertEquals(2, events.getInteger("levelStart"), events.encode());
            assertEquals(2, events.getInteger("levelEnd"), events.encode());
            assertEquals(1, events.getInteger("runEnd"), events.encode());
            assertTrue(events.getInteger("iteration") >= 4, events.encode());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void addressesOutsideTheAllowListsGetAccessDenied() throws Exception {
        try (FrameSocket s = new FrameSocket(port)) {
            s.send(new JsonObject().put("type", "send").put("address", Addresses.KMEANS_RUN)
                    .put("replyAddress", "r1").put("body", new JsonObject()));
            assertEquals(new JsonObject().put("type", "err").put("message", "access_denied"),
                    s.read());
            s.send(new JsonObject().put("type", "register")
                    .put("address", Addresses.RUN_EVENTS));
            assertEquals("access_denied", s.read().getString("message"));
            s.send(new JsonObject().put("type", "send")
                    .put("address", Addresses.shard(0, "rows")).put("replyAddress", "r2")
                    .put("body", new JsonObject().put("from", 0).put("count", 1)));
            assertEquals("access_denied", s.read().getString("message"));
            s.send(new JsonObject().put("type", "send").put("address", Addresses.RUN_STATUS)
                    .put("replyAddress", "r3").put("body", new JsonObject()));
            JsonObject status = s.read();
            assertEquals("r3", status.getString("address"));
            assertEquals("idle", status.getJsonObject("body").getString("state"));
        }
    }

    @Test
    void malformedFrameClosesOnlyThatConnection() throws Exception {
        try (FrameSocket bad = new FrameSocket(port); FrameSocket good = new FrameSocket(port)) {
            bad.sendRaw("{not json".getBytes(StandardCharsets.UTF_8));
            int frames = bad.framesUntilClosed();
            assertEquals(1, frames, "the error frame, then the close");
            good.send(new JsonObject().put("type", "send").put("address", Addresses.RUN_STATUS)
                    .put("replyAddress", "ok").put("body", new JsonObject()));
            assertEquals("ok", good.read().getString("address"));
        }
    }

    @Test
    void anIdleConnectionStaysOpenPastHalfAMinute() throws Exception {
        try (FrameSocket s = new FrameSocket(port)) {
            s.send(new JsonObject().put("type", "ping"));
            assertEquals("pong", s.read().getString("type"));
            // the front's inner client must stay referenced: Vert.x closes a client it no
            // longer sees used, and with it every connection it made, which cut lab tools
            // off about 30 s after they connected
            Thread.sleep(35_000);
            s.send(new JsonObject().put("type", "ping"));
            assertEquals("pong", s.read().getString("type"));
        }
    }
}
