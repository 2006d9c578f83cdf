package dev.curate.verticles.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.stratify.BatchStratifier;
import dev.curate.engine.stratify.EpochSchedule;
import dev.curate.engine.stratify.StrataPool;
import dev.curate.engine.stratify.StratifyListener;
import dev.curate.engine.stratify.StratifyParams;
import dev.curate.engine.train.data.TileBatch;
import dev.curate.engine.train.data.TileRef;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.train.BusBatchSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The streamer sends the engine stratifier's batches, in order, one per credit. */
class BatchStreamerVerticleTest {

    private static final long SEED = 5;

    private Vertx vertx;
    private BatchStreamerVerticle streamer;
    private final StrataPool pool = WireFixtures.pool();
    private final StratifyParams params = WireFixtures.stream(SEED);

    @BeforeEach
    void deploy() throws Exception {
        vertx = Vertx.vertx();
        streamer = new BatchStreamerVerticle(pool, params, WireFixtures.TILES.tileTable());
        vertx.deployVerticle(streamer).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The engine's batches of epochs 0..epochs-1 as tile refs, straight from the stratifier. */
    private List<List<TileRef>> engineBatches(int epochs) {
        TileTable table = WireFixtures.TILES.tileTable();
        BatchStratifier s = new BatchStratifier(pool, params);
        List<List<TileRef>> out = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            EpochSchedule sched = s.drawEpoch(e, StratifyListener.NONE);
            for (int b = 0; b < params.batchesPerEpoch(); b++) {
                List<TileRef> batch = new ArrayList<>();
                for (int r = b * params.batchSize(); r < (b + 1) * params.batchSize(); r++) {
                    String slide = pool.slideId(sched.slides()[r]);
                    int t = nthTileOf(table, slide, sched.inds()[r]);
                    batch.add(new TileRef(slide, t, table.tileX()[t], table.tileY()[t]));
                }
                out.add(batch);
            }
        }
        return out;
    }

    private static int nthTileOf(TileTable table, String slide, int ind) {
        int k = table.slideIds().indexOf(slide);
        int seen = 0;
        for (int t = 0; t < table.tileCount(); t++) {
            if (table.slideOfTile()[t] == k && seen++ == ind) {
                return t;
            }
        }
        throw new AssertionError("slide " + slide + " has no tile " + ind);
    }

    private List<TileBatch> take(BusBatchSource source, int n) throws InterruptedException {
        List<TileBatch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(source.next().orElseThrow());
        }
        return out;
    }

    @Test
    void batchesArriveInOrderAndEqualTheStratifiersBatchesForTheSeed() throws Exception {
        List<JsonObject> stats = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.BATCH_STATS, m -> stats.add(m.body()));
        List<List<TileRef>> expected = engineBatches(3);
        List<TileBatch> got;
        try (BusBatchSource source = new BusBatchSource(vertx, "run-a", 4)) {
            source.skipTo(0);
            got = take(source, 25);
            assertEquals(10, source.batchesPerEpoch());
        }
        for (int i = 0; i < 25; i++) {
            assertEquals(i, got.get(i).sequence());
            assertEquals(expected.get(i), got.get(i).tiles(), "batch " + i);
            assertEquals(List.of(4, 4, 4, 4), got.get(i).stratumCounts());
        }
        // every batch sent was summarised, in order, with its per-stratum counts
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stats.size() < 25 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(stats.size() >= 25, "summaries " + stats.size());
        for (int i = 0; i < 25; i++) {
            JsonObject s = stats.get(i);
            assertEquals(i, s.getLong("batch"));
            assertEquals(i / 10, s.getInteger("epoch"));
            assertEquals(16, s.getInteger("size"));
            int sum = s.getJsonObject("strata").stream()
                    .mapToInt(e -> ((Number) e.getValue()).intValue()).sum();
            assertEquals(16, sum);
            assertTrue(s.getInteger("openSlides") <= 3, "cap of 3 open slides");
        }
        assertEquals(0, stats.get(0).getInteger("batchInEpoch"));
        assertEquals(5, stats.get(15).getInteger("batchInEpoch"));
    }

    @Test
    void aRestartAtASequenceSendsTheSameBatchesAsTheUninterruptedStream() throws Exception {
        List<List<TileRef>> expected = engineBatches(2);
        List<TileBatch> got;
        try (BusBatchSource source = new BusBatchSource(vertx, "run-b", 2)) {
            source.skipTo(13);
            got = take(source, 5);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(13 + i, got.get(i).sequence());
            assertEquals(expected.get(13 + i), got.get(i).tiles(), "batch " + (13 + i));
        }
    }

    @Test
    void aSlowTrainerMakesTheStreamerWaitAndNeverHoldsMoreThanTheCredits() throws Exception {
        int credits = 2;
        try (BusBatchSource source = new BusBatchSource(vertx, "run-c", credits)) {
            source.skipTo(0);
            for (int taken = 0; taken < 30; taken++) {
                // the slow consumer: let the streamer use every credit before taking
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (streamer.sent() < taken + credits && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertEquals(taken + credits, streamer.sent(),
                        "sent before taking batch " + taken);
                assertEquals(taken, source.next().orElseThrow().sequence());
            }
            assertTrue(source.maxQueued() <= credits, "queued " + source.maxQueued());
            assertEquals(credits, source.maxQueued());
        }
        // every credit was used and the streamer then had a ready batch but no credit
        assertTrue(streamer.waits() >= 20, "waits " + streamer.waits());
    }

    @Test
    void withoutCreditsTheStreamerSendsNothing() throws Exception {
        List<JsonObject> batches = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.STREAM_BATCH, m -> batches.add(m.body()));
        JsonObject reply = vertx.eventBus().<JsonObject>request(Addresses.STREAM_START,
                new JsonObject().put("run", "run-d").put("from", 0)).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS).body();
        assertEquals(4, reply.getInteger("strata"));
        vertx.eventBus().send(Addresses.STREAM_CREDIT,
                new JsonObject().put("run", "run-d").put("credits", 3));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (batches.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // a credit for another run is ignored
        vertx.eventBus().send(Addresses.STREAM_CREDIT,
                new JsonObject().put("run", "other").put("credits", 5));
        // a round trip through the streamer's event loop: everything it would send is sent
        vertx.eventBus().request(Addresses.STREAM_START, new JsonObject().put("from", -1))
                .otherwiseEmpty().toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(3, batches.size());
        assertEquals(3, streamer.sent());
        assertEquals(List.of(0L, 1L, 2L), batches.stream().map(b -> b.getLong("sequence"))
                .toList());
    }
}
