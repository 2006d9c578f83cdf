package dev.curate.verticles.train;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.stratify.StrataPool;
import dev.curate.engine.stratify.StratifyParams;
import dev.curate.engine.train.DinoTrainer;
import dev.curate.engine.train.TrainListener;
import dev.curate.engine.train.TrainSummary;
import dev.curate.engine.train.data.TileImageSource;
import dev.curate.verticles.stream.BatchStreamerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A training run fed over the local event bus in one JVM: deploys a
 * {@link BatchStreamerVerticle} and a {@link TrainerVerticle} on the given Vert.x instance and
 * waits for the run. The stream's settings travel in the trainer's checkpoint extras, so a
 * resumed run rebuilds the same stream.
 */
public final class BusTraining {

    /** Checkpoint extra: the tree level the strata come from, or {@code top}. */
    public static final String LEVEL = "stream.level";
    /** Checkpoint extra: tiles per pseudo-epoch. */
    public static final String EPOCH_SIZE = "stream.epochSize";
    /** Checkpoint extra: the most slides one epoch opens. */
    public static final String MAX_OPEN_SLIDES = "stream.maxOpenSlides";
    /** Checkpoint extra: the stratifier's seed. */
    public static final String SEED = "stream.seed";
    /** Checkpoint extra: whether the slide cap is strict. */
    public static final String STRICT_CAP = "stream.strictCap";

    private BusTraining() {
    }

    /**
     * The stream's settings, as saved in a checkpoint.
     *
     * @param level the tree level, or null for the top
     * @param params the stratifier's settings; its batch size is the trainer's
     */
    public record StreamSettings(Integer level, StratifyParams params) {
    }

    /** Saves the stream's settings into the trainer's checkpoint extras. */
    public static void putSettings(DinoTrainer trainer, StreamSettings s) {
        trainer.putCheckpointExtra(LEVEL, s.level() == null ? "top" : s.level().toString());
        trainer.putCheckpointExtra(EPOCH_SIZE, Integer.toString(s.params().epochSize()));
        trainer.putCheckpointExtra(MAX_OPEN_SLIDES,
                Integer.toString(s.params().maxOpenSlides()));
        trainer.putCheckpointExtra(SEED, Long.toString(s.params().seed()));
        trainer.putCheckpointExtra(STRICT_CAP, Boolean.toString(s.params().strictCap()));
    }

    /**
     * Reads the stream's settings back from a resumed trainer.
     *
     * @throws IllegalArgumentException if the checkpoint holds none (a run not fed by the bus)
     */
    public static StreamSettings settings(DinoTrainer trainer) {
        Map<String, String> x = trainer.checkpointExtras();
        if (!x.containsKey(EPOCH_SIZE)) {
            throw new IllegalArgumentException("the checkpoint holds no batch-stream settings ("
                    + EPOCH_SIZE + " missing): it was not trained over the bus; resume it "
                    + "with --feed top-clusters");
        }
        String level = x.get(LEVEL);
        return new StreamSettings("top".equals(level) ? null : Integer.valueOf(level),
                new StratifyParams(trainer.params().batchSize(),
                        Integer.parseInt(x.get(EPOCH_SIZE)),
                        Integer.parseInt(x.get(MAX_OPEN_SLIDES)), Long.parseLong(x.get(SEED)),
                        Boolean.parseBoolean(x.get(STRICT_CAP))));
    }

    /**
     * Runs {@code trainer} to its last step on batches streamed from {@code pool}.
     *
     * @param vertx the Vert.x instance; both verticles are undeployed before returning
     * @param pool the strata
     * @param stream the stratifier's settings; its batch size must be the trainer's
     * @param tiles the store's tile table
     * @param trainer a new or resumed trainer; not closed here
     * @param images tile pixels
     * @param checkpoints the checkpoint folder
     * @param listener told of every step, on the training thread
     * @return the run's summary
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if the batch sizes differ
     */
    public static TrainSummary run(Vertx vertx, StrataPool pool, StratifyParams stream,
            TileTable tiles, DinoTrainer trainer, TileImageSource images, Path checkpoints,
            TrainListener listener) throws InterruptedException {
        if (stream.batchSize() != trainer.params().batchSize()) {
            throw new IllegalArgumentException("the stream's batch size " + stream.batchSize()
                    + " differs from the trainer's " + trainer.params().batchSize()
                    + " (expected equal)");
        }
        BatchStreamerVerticle streamer = new BatchStreamerVerticle(pool, stream, tiles);
        TrainerVerticle trainerVerticle = new TrainerVerticle(trainer, images, checkpoints,
                listener);
        String streamerId = await(vertx.deployVerticle(streamer));
        try {
            String trainerId = await(vertx.deployVerticle(trainerVerticle));
            try {
                return await(trainerVerticle.done());
            } finally {
                await(vertx.undeploy(trainerId));
            }
        } finally {
            await(vertx.undeploy(streamerId));
        }
    }

    private static <T> T await(Future<T> f) throws InterruptedException {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }
}
