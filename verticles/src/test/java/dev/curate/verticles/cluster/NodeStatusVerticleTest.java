package dev.curate.verticles.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.verticles.Deployments;
import dev.curate.verticles.RuntimeFixtures;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.Chunks;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A node's status follows its shard: rows held, assign passes, ingest progress. */
@ExtendWith(VertxExtension.class)
class NodeStatusVerticleTest {

    @TempDir
    static Path dir;

    static Path pool;

    @BeforeAll
    static void pool() {
        pool = RuntimeFixtures.ingestPool(dir.resolve("pool"));
    }

    /** Shard 1 of 3 holds slides 1, 4, 7 and 10 of the 12 slides of 100 tiles. */
    private static final long SHARD_ROWS = 400;

    private static JsonObject nodeConfig(String name) {
        return new JsonObject().put("store", RuntimeFixtures.copyStore(pool, dir.resolve(name))
                .toString()).put("shard", 1).put("shards", 3).put("backend", "java")
                .put("node", "node-b").put("nodeId", "id-b");
    }

    private static JsonObject statusConfig(long periodMs) {
        return new JsonObject().put("node", "node-b").put("nodeId", "id-b").put("shard", 1)
                .put("shards", 3).put("periodMs", periodMs);
    }

    /** Waits until a status matching {@code p} has arrived. */
    private static JsonObject await(List<JsonObject> seen, Predicate<JsonObject> p, String what)
            throws InterruptedException {
        long until = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < until) {
            for (JsonObject s : seen) {
                if (p.test(s)) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no status " + what + " in 20 s; seen " + seen);
    }

    @Test
    void afterAnAssignPassTheStatusHasTheShardsRowsAndOnePass(Vertx vertx) throws Exception {
        List<JsonObject> seen = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.NODE_STATUS, m -> seen.add(m.body()))
                .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Deployments.deployNodeStatus(vertx, statusConfig(60_000))
                .compose(id -> Deployments.deployShard(vertx, nodeConfig("assign")))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

        JsonObject first = seen.get(0);
        assertEquals("waiting", first.getString("state"), first.encode());
        assertEquals(1L, first.getLong("seq"));
        JsonObject idle = await(seen, s -> "idle".equals(s.getString("state")), "idle");
        assertEquals(SHARD_ROWS, idle.getLong("rows"));
        assertEquals(0, idle.getInteger("assignPasses"));
        assertEquals("node-b", idle.getString("node"));
        assertEquals("id-b", idle.getString("nodeId"));
        assertEquals(1, idle.getInteger("shard"));
        assertEquals(3, idle.getInteger("shards"));
        assertFalse(idle.containsKey("rowsPerSecond"), idle.encode());

        // two centroids of dimension 8 as one chunk, then the pass over them
        float[] centroids = new float[2 * RuntimeFixtures.DIM];
        centroids[RuntimeFixtures.DIM] = 1;
        vertx.eventBus().request(Addresses.shard(1, "centroids"), Chunks.floats(centroids),
                new DeliveryOptions().addHeader("pass", "p1").addHeader(Chunks.OFFSET_BYTES, "0")
                        .addHeader(Chunks.TOTAL_BYTES, "64"))
                .compose(r -> vertx.eventBus().request(Addresses.shard(1, "assign"),
                        new JsonObject().put("pass", "p1").put("k", 2)))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

        JsonObject done = await(seen, s -> s.getInteger("assignPasses") == 1
                && "idle".equals(s.getString("state")), "idle after one pass");
        List<String> states = seen.stream().map(s -> s.getString("state")).toList();
        assertEquals(List.of("waiting", "idle", "assigning", "idle"), states);
        assertEquals(SHARD_ROWS, done.getLong("rows"));
        assertEquals(SHARD_ROWS, done.getLong("lastPassRows"));
        double seconds = done.getDouble("lastPassSeconds");
        assertTrue(seconds > 0, done.encode());
        assertEquals(SHARD_ROWS / seconds, done.getDouble("rowsPerSecond"), 1e-6);
        assertTrue(done.getLong("heapUsedBytes") > 0, done.encode());
        assertTrue(done.getLong("heapMaxBytes") >= done.getLong("heapUsedBytes"));
        assertTrue(done.getLong("uptimeMs") > 0, done.encode());
        assertEquals(4L, done.getLong("seq"));
    }

    @Test
    void publishesEveryPeriodAndFollowsOnlyItsOwnIngest(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        List<JsonObject> seen = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.NODE_STATUS, m -> seen.add(m.body()))
                .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Deployments.deployNodeStatus(vertx, statusConfig(100))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // another node's ingest is not this node's
        vertx.eventBus().publish(Addresses.INGEST_PROGRESS, new JsonObject().put("shard", 2)
                .put("node", "node-c").put("stage", "WRITE").put("rowsDone", 7L)
                .put("rowsTotal", 9L));
        vertx.eventBus().publish(Addresses.INGEST_PROGRESS, new JsonObject().put("shard", 1)
                .put("node", "node-b").put("stage", "WRITE").put("rowsDone", 100L)
                .put("rowsTotal", 400L));
        JsonObject ingesting = await(seen, s -> "ingesting".equals(s.getString("state")),
                "ingesting");
        assertEquals("WRITE", ingesting.getString("ingestStage"));
        assertEquals(100L, ingesting.getLong("ingestRowsDone"));
        assertEquals(400L, ingesting.getLong("ingestRowsTotal"));
        // unchanged state: the timer keeps publishing, about every 100 ms
        int before = seen.size();
        Thread.sleep(1_000);
        int periodic = seen.size() - before;
        assertTrue(periodic >= 3 && periodic <= 12, "periodic messages in 1 s: " + periodic);
        assertTrue(seen.stream().noneMatch(s -> s.getLong("ingestRowsDone", 0L) == 7L));
        List<Long> seqs = seen.stream().map(s -> s.getLong("seq")).toList();
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1L, seqs.get(i), "seq of message " + i);
        }
        ctx.completeNow();
    }
}
