package dev.curate.verticles.kmeans;

import dev.curate.engine.accel.AssignBackend;
import dev.curate.engine.accel.BackendSelection;
import dev.curate.engine.accel.Backends;
import dev.curate.engine.kmeans.HierarchicalKMeans;
import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.LevelStep;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
import dev.curate.verticles.bus.FailureCode;
import dev.curate.verticles.bus.StatsJson;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a hierarchical k-means run over the store shards: the engine's
 * {@link HierarchicalKMeans} runs on this verticle's own thread (never an event loop) over a
 * {@link ShardedVectorSource}, so every assign step of level 1 runs on the shards and the tree
 * equals the one-JVM engine tree for the same seed. Levels above 1 cluster centroids, which
 * are small, on this node. After every Lloyd update of a level's first k-means, every finished
 * resampling phase and every finished level the checkpoint folder is updated, and a run asked
 * with {@code resume} continues from its last step with the tree of an uninterrupted run.
 * A node that leaves the cluster stops the run at the next iteration, at any level.
 *
 * <p>Request on {@link Addresses#KMEANS_RUN}: {@code {params: <StatsJson hierarchy>, shards:
 * n, resume: bool}}. Reply: {@code {runId, tiles, depth, clusters, resumedLevels, resumedAt,
 * levels: [LevelStats]}}. Failures:
 * {@code BAD_REQUEST}, {@code NOT_READY} (a run is in progress), {@code NODE_LOST} (a shard
 * did not answer; the text names the shard, its node and the level), {@code FAILED}.
 *
 * <p>Config: {@code checkpoint} (folder, default none), {@code backend} (for the levels run
 * here, default {@code auto}), {@code timeoutMs} (per shard request, default 60000).
 */
public final class KMeansCoordinatorVerticle extends AbstractVerticle {

    private static final Logger LOG = LoggerFactory.getLogger(KMeansCoordinatorVerticle.class);

    private final TreeHolder holder;
    private final AtomicBoolean running = new AtomicBoolean();
    private ExecutorService runner;
    private volatile ShardedVectorSource current;
    private long runs;

    /**
     * Creates the coordinator.
     *
     * @param holder where each finished tree goes, for the sampling verticle
     */
    public KMeansCoordinatorVerticle(TreeHolder holder) {
        this.holder = holder;
    }

    @Override
    public void start() {
        runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "curate-coordinator");
            t.setDaemon(true);
            return t;
        });
        vertx.eventBus().<JsonObject>consumer(Addresses.KMEANS_RUN, this::onRun);
        vertx.eventBus().<String>localConsumer(Addresses.NODE_LEFT, m -> {
            ShardedVectorSource source = current;
            LOG.warn("cluster node {} left{}", m.body(), source == null ? ""
                    : "; stopping the run if it held a shard");
            if (source != null) {
                source.nodeLeft(m.body());
            }
        });
    }

    @Override
    public void stop() {
        runner.shutdownNow();
    }

    private void onRun(Message<JsonObject> m) {
        HierarchyParams params;
        int shards;
        try {
            params = StatsJson.hierarchyParams(m.body().getJsonObject("params",
                    new JsonObject()));
            shards = m.body().getInteger("shards", 1);
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be at least 1, got " + shards);
            }
        } catch (RuntimeException e) {
            m.fail(FailureCode.BAD_REQUEST.code(), Addresses.KMEANS_RUN + ": " + e.getMessage());
            return;
        }
        if (!running.compareAndSet(false, true)) {
            m.fail(FailureCode.NOT_READY.code(), Addresses.KMEANS_RUN + ": a run is already in "
                    + "progress on this coordinator; wait for it or ask " + Addresses.RUN_STATUS);
            return;
        }
        String runId = "run-" + (++runs);
        boolean resume = m.body().getBoolean("resume", false);
        runner.execute(() -> {
            try {
                m.reply(run(runId, params, shards, resume));
            } catch (BusCalls.RemoteCallException e) {
                failRun(m, runId, FailureCode.NODE_LOST, e.getMessage());
            } catch (IllegalArgumentException e) {
                failRun(m, runId, FailureCode.BAD_REQUEST, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{} failed", runId, e);
                failRun(m, runId, FailureCode.FAILED, e.toString());
            } finally {
                current = null;
                running.set(false);
            }
        });
    }

    private void failRun(Message<JsonObject> m, String runId, FailureCode code, String text) {
        String message = runId + " stopped: " + text;
        LOG.error("{}", message);
        vertx.eventBus().publish(Addresses.RUN_EVENTS, new JsonObject().put("type", "runFailed")
                .put("runId", runId).put("code", code.name()).put("message", message),
                new DeliveryOptions().setLocalOnly(true));
        m.fail(code.code(), message);
    }

    /** Runs one job on the runner thread and returns its summary. */
    private JsonObject run(String runId, HierarchyParams params, int shardCount,
            boolean resume) {
        long timeoutMs = config().getLong("timeoutMs", 60_000L);
        ShardedVectorSource source = ShardedVectorSource.discover(vertx.eventBus(), shardCount,
                timeoutMs);
        current = source;
        long[] tiles = source.tileIndices();
        if (tiles.length == 0) {
            throw new IllegalArgumentException(shardCount + " shards hold no rows to cluster");
        }
        String checkpointDir = config().getString("checkpoint");
        try (CoordinatorCheckpoint checkpoint = checkpointDir == null ? null
                : CoordinatorCheckpoint.open(Path.of(checkpointDir), params.toString(), tiles)) {
            List<TreeLevel> finished = List.of();
            LevelStep step = null;
            if (checkpoint != null && resume) {
                finished = checkpoint.finishedLevels();
                step = checkpoint.lastStep().orElse(null);
            } else if (checkpoint != null) {
                checkpoint.clear();
            }
            HierarchyListener saver = checkpoint == null ? HierarchyListener.NONE : checkpoint;
            RunEvents events = new RunEvents(vertx.eventBus(), runId, source, saver);
            events.publish("runStart", new JsonObject().put("shards", shardCount)
                    .put("rows", tiles.length).put("levels", params.depth())
                    .put("resumedLevels", finished.size())
                    .put("resumedAt", step == null ? null : step.toString()));
            LOG.info("{}: {} rows on {} shards, {} levels, seed {}, resuming after {} levels{}",
                    runId, tiles.length, shardCount, params.depth(), params.seed(),
                    finished.size(), step == null ? "" : " at " + step);
            ClusterTree tree = build(source, tiles, params, finished, step, events);
            holder.set(tree);
            JsonObject summary = summary(runId, tree, finished.size())
                    .put("resumedAt", step == null ? null : step.toString())
                    .put("levels", events.levelStats());
            events.publish("runEnd", summary);
            return summary;
        }
    }

    private ClusterTree build(ShardedVectorSource source, long[] tiles, HierarchyParams params,
            List<TreeLevel> finished, LevelStep step, RunEvents events) {
        BackendSelection selection = Backends.select(config().getString("backend", "auto"),
                false);
        try (AssignBackend backend = selection.backend()) {
            return HierarchicalKMeans.build(source, tiles, params, finished, step, backend,
                    events);
        }
    }

    private static JsonObject summary(String runId, ClusterTree tree, int resumed) {
        JsonArray sizes = new JsonArray();
        for (TreeLevel l : tree.levels()) {
            sizes.add(l.clusterCount());
        }
        return new JsonObject().put("runId", runId).put("tiles", tree.tileCount())
                .put("depth", tree.depth()).put("clusters", sizes).put("resumedLevels", resumed);
    }
}
