package dev.curate.verticles.train;

import dev.curate.engine.train.DinoTrainer;
import dev.curate.engine.train.TrainListener;
import dev.curate.engine.train.TrainStepStats;
import dev.curate.engine.train.TrainSummary;
import dev.curate.engine.train.data.TileImageSource;
import dev.curate.verticles.bus.Addresses;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one DINO run ({@link DinoTrainer}) on its own thread, never the event loop, fed by the
 * batch stream through a {@link BusBatchSource} whose credit bound is the run's
 * {@code prefetchBatches}. After every step it publishes {@code curate.train.progress}:
 * {@code {step, totalSteps, epoch, sequence, loss, dinoLoss, koleoLoss, ibotLoss,
 * learningRate, weightDecay, teacherMomentum, imagesPerSecond, waitMs, stepMs, tiles,
 * missing, repeats, strata}}.
 *
 * <p>The stratifier position is the trainer's checkpointed batch sequence: batch {@code n} is
 * batch {@code n mod batchesPerEpoch} of epoch {@code n / batchesPerEpoch}; both are also saved
 * as the checkpoint extras {@link #STREAM_EPOCH} and {@link #STREAM_BATCH}. The trainer
 * restarts the stream there ({@link BusBatchSource#skipTo}), so a resumed run sees the same
 * batches as an uninterrupted one. {@link #done()} completes with the run's summary, or fails
 * with what stopped it; undeploying interrupts the run.
 */
public final class TrainerVerticle extends AbstractVerticle {

    /** Checkpoint extra: the epoch of the next batch the stream sends. */
    public static final String STREAM_EPOCH = "stream.epoch";

    /** Checkpoint extra: the next batch's index within its epoch. */
    public static final String STREAM_BATCH = "stream.batch";

    private static final Logger LOG = LoggerFactory.getLogger(TrainerVerticle.class);

    private final DinoTrainer trainer;
    private final TileImageSource images;
    private final Path checkpoints;
    private final TrainListener listener;
    private final Promise<TrainSummary> done = Promise.promise();
    private volatile BusBatchSource source;
    private Thread thread;

    /**
     * Creates the verticle.
     *
     * @param trainer a new or resumed trainer, driven by the verticle's thread from
     *     deployment until {@link #done()} completes; the caller closes it afterwards
     * @param images tile pixels, read on the trainer's prefetch thread
     * @param checkpoints the checkpoint folder
     * @param listener told of every step and checkpoint, on the training thread, after the
     *     progress message is published
     */
    public TrainerVerticle(DinoTrainer trainer, TileImageSource images, Path checkpoints,
            TrainListener listener) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.images = Objects.requireNonNull(images, "images");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Returns the run's outcome. */
    public Future<TrainSummary> done() {
        return done.future();
    }

    /** Returns the run's batch source once the run has started, else null. */
    public BusBatchSource source() {
        return source;
    }

    @Override
    public void start() {
        String run = UUID.randomUUID().toString();
        thread = new Thread(() -> train(run), "curate-trainer");
        thread.setDaemon(true);
        thread.start();
    }

    private void train(String run) {
        try (BusBatchSource s = new BusBatchSource(vertx, run,
                trainer.params().prefetchBatches())) {
            source = s;
            TrainSummary summary = trainer.train(s, images, new Publisher(s), checkpoints);
            done.tryComplete(summary);
        } catch (InterruptedException e) {
            done.tryFail(new IllegalStateException("the training run was interrupted", e));
        } catch (RuntimeException | Error e) {
            LOG.warn("training run {} stopped: {}", run, e.getMessage());
            done.tryFail(e);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join();
        }
    }

    /** Publishes each step's progress, then tells the caller's listener. */
    private final class Publisher implements TrainListener {
        private final BusBatchSource source;

        Publisher(BusBatchSource source) {
            this.source = source;
        }

        @Override
        public void onStep(TrainStepStats s) {
            long sequence = trainer.nextSequence() - 1;
            int perEpoch = Math.max(1, source.batchesPerEpoch());
            // the stratifier position of the next batch, saved with this step's checkpoint
            trainer.putCheckpointExtra(STREAM_EPOCH, Long.toString((sequence + 1) / perEpoch));
            trainer.putCheckpointExtra(STREAM_BATCH, Long.toString((sequence + 1) % perEpoch));
            vertx.eventBus().publish(Addresses.TRAIN_PROGRESS, new JsonObject()
                    .put("step", s.step()).put("totalSteps", s.totalSteps())
                    .put("epoch", sequence / perEpoch).put("sequence", sequence)
                    .put("loss", s.loss()).put("dinoLoss", s.dinoLoss())
                    .put("koleoLoss", s.koleoLoss()).put("ibotLoss", s.ibotLoss())
                    .put("learningRate", s.learningRate()).put("weightDecay", s.weightDecay())
                    .put("teacherMomentum", s.teacherMomentum())
                    .put("imagesPerSecond", s.imagesPerSecond()).put("waitMs", s.waitMs())
                    .put("stepMs", s.stepMs()).put("tiles", s.tiles())
                    .put("missing", s.missingTiles()).put("repeats", s.duplicates())
                    .put("strata", new JsonArray(s.stratumCounts())));
            listener.onStep(s);
        }

        @Override
        public void onCheckpoint(long step, Path dir) {
            listener.onCheckpoint(step, dir);
        }
    }
}
