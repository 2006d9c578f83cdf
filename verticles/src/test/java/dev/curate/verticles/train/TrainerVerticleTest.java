package dev.curate.verticles.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.train.DinoTrainer;
import dev.curate.engine.train.TrainListener;
import dev.curate.engine.train.TrainParams;
import dev.curate.engine.train.TrainRuntime;
import dev.curate.engine.train.TrainStepStats;
import dev.curate.engine.train.TrainSummary;
import dev.curate.engine.train.data.DemoTileImageSource;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.stream.BatchStreamerVerticle;
import dev.curate.verticles.stream.WireFixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DINO trainer fed by stratified batches over the bus: loss falls, resume joins. */
class TrainerVerticleTest {

    @TempDir
    Path tmp;

    private Vertx vertx;
    private final List<JsonObject> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void runtime() {
        TrainRuntime.prepare(1);
    }

    @BeforeEach
    void deploy() throws Exception {
        vertx = Vertx.vertx();
        vertx.eventBus().<JsonObject>consumer(Addresses.TRAIN_PROGRESS,
                m -> progress.add(m.body()));
        wait(vertx.deployVerticle(new BatchStreamerVerticle(WireFixtures.pool(),
                WireFixtures.stream(9), WireFixtures.TILES.tileTable())).toCompletionStage()
                .toCompletableFuture());
    }

    @AfterEach
    void close() throws Exception {
        wait(vertx.close().toCompletionStage().toCompletableFuture());
    }

    private static <T> T wait(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(120, TimeUnit.SECONDS);
    }

    /** Deploys a trainer, waits for its run, undeploys it; the run's outcome. */
    private TrainSummary run(Supplier<DinoTrainer> open, Path ckpt, TrainListener listener)
            throws Exception {
        try (DinoTrainer dino = open.get()) {
            return run(dino, ckpt, listener);
        }
    }

    private TrainSummary run(DinoTrainer dino, Path ckpt, TrainListener listener)
            throws Exception {
        TrainerVerticle trainer = new TrainerVerticle(dino,
                new DemoTileImageSource(WireFixtures.TILES), ckpt, listener);
        String id = wait(vertx.deployVerticle(trainer).toCompletionStage()
                .toCompletableFuture());
        try {
            return wait(trainer.done().toCompletionStage().toCompletableFuture());
        } finally {
            wait(vertx.undeploy(id).toCompletionStage().toCompletableFuture());
        }
    }

    private static TrainListener collect(List<TrainStepStats> out, long killAt) {
        return new TrainListener() {
            @Override
            public void onStep(TrainStepStats s) {
                if (s.step() == killAt) {
                    throw new IllegalStateException("killed in step " + killAt);
                }
                out.add(s);
            }
        };
    }

    @Test
    void dinoLossFallsOverThreeHundredBusFedStepsWithAFixedSeed() throws Exception {
        TrainParams p = WireFixtures.tiny(300, 1);
        List<TrainStepStats> steps = new ArrayList<>();
        TrainSummary summary = run(() -> DinoTrainer.create(p), tmp,
                collect(steps, Long.MAX_VALUE));
        assertEquals(300, summary.lastStep());
        assertEquals(300 * 16, summary.images());
        assertEquals(300, steps.size());
        double first = steps.subList(0, 25).stream().mapToDouble(TrainStepStats::dinoLoss)
                .average().orElseThrow();
        double last = steps.subList(275, 300).stream().mapToDouble(TrainStepStats::dinoLoss)
                .average().orElseThrow();
        assertTrue(last < 0.8 * first, "mean DINO loss of steps 276-300 " + last
                + " is not 20 % below that of steps 1-25 " + first);
        for (TrainStepStats s : steps) {
            assertEquals(List.of(4, 4, 4, 4), s.stratumCounts(), "step " + s.step());
        }
        // one progress message per step, in order, with the page's fields
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (progress.size() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(300, progress.size());
        for (int i = 0; i < 300; i++) {
            JsonObject m = progress.get(i);
            assertEquals(i + 1, m.getLong("step"));
            assertEquals(i / 10, m.getLong("epoch"), "10 batches per epoch");
            assertEquals(steps.get(i).loss(), m.getFloat("loss"), 0f);
            assertEquals(steps.get(i).learningRate(), m.getDouble("learningRate"), 0);
            assertTrue(m.getDouble("imagesPerSecond") > 0);
        }
    }

    @Test
    void killedBusFedRunResumesAtItsCheckpointAndJoinsTheUninterruptedCurve() throws Exception {
        TrainParams p = WireFixtures.tiny(10, 3);
        List<TrainStepStats> whole = new ArrayList<>();
        run(() -> DinoTrainer.create(p), tmp.resolve("whole"), collect(whole, Long.MAX_VALUE));
        assertEquals(10, whole.size());

        // kill the run in step 7: the last checkpoint is step 5
        Path ckpt = tmp.resolve("killed");
        ExecutionException killed = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class,
                () -> run(() -> DinoTrainer.create(p), ckpt, collect(new ArrayList<>(), 7)));
        assertInstanceOf(IllegalStateException.class, killed.getCause());
        assertEquals("killed in step 7", killed.getCause().getMessage());
        assertTrue(Files.isDirectory(ckpt.resolve("step-000000005")));

        List<TrainStepStats> resumed = new ArrayList<>();
        TrainSummary summary;
        try (DinoTrainer dino = DinoTrainer.resume(ckpt)) {
            // the stratifier position of the next batch: epoch 0, batch 5 of 10
            assertEquals("0", dino.checkpointExtras().get(TrainerVerticle.STREAM_EPOCH));
            assertEquals("5", dino.checkpointExtras().get(TrainerVerticle.STREAM_BATCH));
            summary = run(dino, ckpt, collect(resumed, Long.MAX_VALUE));
        }
        assertEquals(5, summary.firstStep());
        assertEquals(10, summary.lastStep());
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), resumed.stream().map(TrainStepStats::step)
                .toList());
        for (int i = 0; i < 5; i++) {
            TrainStepStats a = whole.get(5 + i);
            TrainStepStats b = resumed.get(i);
            assertEquals(a.loss(), b.loss(), 1e-5f, "loss at step " + a.step());
            assertEquals(a.learningRate(), b.learningRate(), 1e-12);
            assertEquals(a.duplicates(), b.duplicates());
        }
    }
}
