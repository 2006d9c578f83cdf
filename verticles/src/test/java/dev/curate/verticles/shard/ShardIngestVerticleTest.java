package dev.curate.verticles.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.store.TileStore;
import dev.curate.verticles.Deployments;
import dev.curate.verticles.RuntimeFixtures;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
import dev.curate.verticles.bus.FailureCode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One JVM: a node's ingest endpoint on an empty store ingests shard 1 of 3 of the 12-slide
 * pool, then serves exactly those rows; bad input is refused with the node named.
 */
class ShardIngestVerticleTest {

    @TempDir
    Path dir;

    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        BusCalls.await(vertx.close(), 30_000, "closing vert.x");
    }

    private JsonObject ask(String op, JsonObject body) {
        return BusCalls.<Message<JsonObject>>await(vertx.eventBus().request(
                Addresses.shard(1, op), body), 30_000, op).body();
    }

    @Test
    void emptyNodeIngestsItsSlidesThenServesOnlyThem() {
        RuntimeFixtures.ingestPool(dir);
        Path store = dir.resolve("node1");
        BusCalls.await(Deployments.deployShardNode(vertx, new JsonObject()
                .put("store", store.toString()).put("shard", 1).put("shards", 3)
                .put("backend", "java").put("node", "n1").put("mapSizeBytes", 64L << 20)),
                30_000, "deploy");
        assertFalse(ask("ingest", new JsonObject().put("probe", true)).getBoolean("serving"));
        List<JsonObject> progress = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.INGEST_PROGRESS,
                m -> progress.add(m.body()));

        JsonObject request = new JsonObject()
                .put("embeddings", new JsonArray().add(dir.resolve("pool.npy").toString()))
                .put("tiles", dir.resolve("tiles.csv").toString());
        JsonObject report = ask("ingest", request);

        assertEquals(1200, report.getLong("rows"));
        assertEquals(400, report.getLong("kept"));
        assertEquals(800, report.getLong("elsewhere"));
        assertEquals("ingested 1200 rows of dim 8: kept 400, skipped 0, 800 on other shards",
                report.getString("summary"));
        assertTrue(ask("ingest", new JsonObject().put("probe", true)).getBoolean("serving"));
        assertEquals(400, ask("info", new JsonObject()).getLong("rows"));
        assertTrue(progress.stream().anyMatch(p -> p.getString("stage").equals("WRITE")
                && p.getLong("rowsDone") == 1200), progress.toString());

        JsonObject again = ask("ingest", request);
        assertTrue(again.getBoolean("alreadyComplete"), again.encode());
        assertEquals(400, ask("info", new JsonObject()).getLong("rows"));

        String missing = dir.resolve("nope.npy").toString();
        BusCalls.RemoteCallException e = assertThrows(BusCalls.RemoteCallException.class,
                () -> ask("ingest", request.copy().put("embeddings",
                        new JsonArray().add(missing))));
        ReplyException r = assertInstanceOf(ReplyException.class, e.getCause());
        assertEquals(FailureCode.BAD_REQUEST.code(), r.failureCode());
        assertEquals("shard 1 on node n1: embeddings file " + missing + " is not readable "
                + "here; every node needs the input on a shared filesystem", r.getMessage());
        assertEquals(400, ask("info", new JsonObject()).getLong("rows"), "still serving");
        BusCalls.await(vertx.undeploy(vertx.deploymentIDs().iterator().next()), 30_000, "stop");
        try (TileStore s = TileStore.open(store, 64L << 20)) {
            long[] want = LongStream.of(1, 4, 7, 10).flatMap(slide ->
                    LongStream.range(slide * 100, slide * 100 + 100)).toArray();
            assertArrayEquals(want, s.keptTileIndices());
        }
    }
}
