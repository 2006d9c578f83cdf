package dev.curate.verticles.shard;

import dev.curate.engine.store.Ingest;
import dev.curate.engine.store.IngestListener;
import dev.curate.engine.store.IngestOptions;
import dev.curate.engine.store.IngestReport;
import dev.curate.engine.store.SlideShard;
import dev.curate.engine.store.TileStore;
import dev.curate.verticles.Deployments;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.FailureCode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of a sharded ingest: writes into this node's own store only the tiles of its
 * slides ({@link SlideShard}: {@code ordinal % shards == shard}), under their global tile
 * indices, then serves the store through a {@link StoreShardVerticle}. A store that already
 * holds embeddings is served at once. Deployed as a worker with a pool of its own, so an
 * ingest never runs on an event loop.
 *
 * <p>The embedding parts and the tile table are named by path: every node must see them on
 * a shared filesystem (as on a lab cluster); no embedding crosses the event bus.
 *
 * <p>Config: that of {@link StoreShardVerticle} plus {@code mapSizeBytes}. Endpoint
 * {@code Addresses.shard(shard, "ingest")}:
 * <ul>
 *   <li>{@code {probe: true}} -> {@code {shard, shards, node, nodeId, serving}}.</li>
 *   <li>{@code {embeddings: [paths], tiles, skipNonFinite, float16}} -> the engine's
 *       {@link IngestReport} fields plus {@code shard}, {@code node} and {@code summary}.
 *       Ingest is transactional and resumable: the same request again resumes after the last
 *       commit, or answers {@code alreadyComplete}. Progress goes to
 *       {@link Addresses#INGEST_PROGRESS} (at most one event per second and stage, and the
 *       last).</li>
 * </ul>
 */
public final class ShardIngestVerticle extends AbstractVerticle {

    private static final Logger LOG = LoggerFactory.getLogger(ShardIngestVerticle.class);

    /** Longest a single ingest may run before Vert.x warns about a blocked worker. */
    private static final long MAX_INGEST_HOURS = 48;

    private static final long PROGRESS_EVERY_MS = 1_000;

    private JsonObject config;
    private int shard;
    private int shards;
    private String node;
    private Path store;
    private long mapSizeBytes;
    private String servingId;

    /** Returns the options this verticle must be deployed with: a worker on its own pool. */
    public static DeploymentOptions deploymentOptions(JsonObject config) {
        return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
                .setWorkerPoolName("curate-ingest-" + config.getInteger("shard", 0))
                .setWorkerPoolSize(1)
                .setMaxWorkerExecuteTime(MAX_INGEST_HOURS)
                .setMaxWorkerExecuteTimeUnit(TimeUnit.HOURS)
                .setConfig(config);
    }

    @Override
    public void start(Promise<Void> started) {
        config = config();
        shard = config.getInteger("shard", 0);
        shards = config.getInteger("shards", 1);
        node = config.getString("node", "local");
        store = Path.of(config.getString("store"));
        mapSizeBytes = config.getLong("mapSizeBytes", TileStore.DEFAULT_MAP_SIZE_BYTES);
        new SlideShard(shard, shards);
        String address = Addresses.shard(shard, "ingest");
        vertx.eventBus().<JsonObject>consumer(address, m -> {
            if (m.body().getBoolean("probe", false)) {
                m.reply(probe());
                return;
            }
            // never block on a deployment here: its completion runs on this verticle's thread
            Future<Void> stopped = servingId == null ? Future.succeededFuture()
                    : vertx.undeploy(servingId).onSuccess(v -> servingId = null);
            stopped.compose(v -> ingestThenServe(m.body()))
                    .onSuccess(m::reply)
                    .onFailure(e -> {
                        if (e instanceof IllegalArgumentException) {
                            m.fail(FailureCode.BAD_REQUEST.code(), where() + ": "
                                    + e.getMessage());
                        } else {
                            LOG.error("{}: ingest failed", where(), e);
                            m.fail(FailureCode.FAILED.code(), where() + ": " + e.getMessage());
                        }
                    });
        });
        serveIfReady(null).<Void>mapEmpty().onComplete(started);
    }

    private String where() {
        return "shard " + shard + " on node " + node;
    }

    private JsonObject probe() {
        return new JsonObject().put("shard", shard).put("shards", shards).put("node", node)
                .put("nodeId", config.getString("nodeId", "local"))
                .put("serving", servingId != null);
    }

    /**
     * Serves the store when it holds embeddings (after a failed ingest too, if an earlier one
     * is complete), then passes {@code result} on.
     */
    private <T> Future<T> serveIfReady(T result) {
        boolean ready = false;
        if (Files.isDirectory(store)) {
            try (TileStore s = TileStore.open(store, mapSizeBytes)) {
                ready = s.hasEmbeddings();
            }
        }
        if (!ready || servingId != null) {
            return Future.succeededFuture(result);
        }
        return Deployments.deployShard(vertx, config).map(id -> {
            servingId = id;
            LOG.info("{} serves store {}", where(), store);
            return result;
        });
    }

    /** Runs the ingest on this worker thread; the caller serves the store afterwards. */
    private JsonObject ingest(JsonObject body) {
        JsonArray files = body.getJsonArray("embeddings");
        String tiles = body.getString("tiles");
        if (files == null || files.isEmpty() || tiles == null) {
            throw new IllegalArgumentException("an ingest request needs 'embeddings' (a list "
                    + "of .npy paths) and 'tiles' (the tile table); got " + body.encode());
        }
        List<Path> parts = files.stream().map(f -> Path.of((String) f)).toList();
        for (Path p : parts) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("embeddings file " + p + " is not readable "
                        + "here; every node needs the input on a shared filesystem");
            }
        }
        if (!Files.isRegularFile(Path.of(tiles))) {
            throw new IllegalArgumentException("tile table " + tiles + " is not readable here;"
                    + " every node needs the input on a shared filesystem");
        }
        IngestOptions options = IngestOptions.defaults().withTileTable(Path.of(tiles))
                .withSkipNonFinite(body.getBoolean("skipNonFinite", false))
                .withStoreAsFloat16(body.getBoolean("float16", false))
                .withSlideShard(new SlideShard(shard, shards));
        // LMDB: a folder is opened at most once per process; the shard stopped serving first
        IngestReport report;
        try (TileStore s = TileStore.open(store, mapSizeBytes)) {
            report = Ingest.run(s, parts, options, new Progress());
        }
        LOG.info("{}: {}", where(), report.summary());
        return new JsonObject().put("shard", shard).put("node", node)
                .put("rows", report.rows()).put("kept", report.kept())
                .put("skipped", report.skipped()).put("elsewhere", report.elsewhere())
                .put("resumedFromRow", report.resumedFromRow())
                .put("alreadyComplete", report.alreadyComplete())
                .put("summary", report.summary());
    }

    /**
     * Runs the ingest, then serves the store; after a failure, serves a complete earlier
     * store again and fails with the ingest's error.
     */
    private Future<JsonObject> ingestThenServe(JsonObject body) {
        JsonObject result;
        try {
            result = ingest(body);
        } catch (RuntimeException e) {
            return serveIfReady(null).transform(ar -> Future.failedFuture(e));
        }
        return serveIfReady(result);
    }

    /** Publishes progress at most once a second per stage, and every stage's last report. */
    private final class Progress implements IngestListener {

        private IngestListener.Stage lastStage;
        private long lastMs;

        @Override
        public void onProgress(Stage stage, long rowsDone, long rowsTotal) {
            long now = System.currentTimeMillis();
            if (stage == lastStage && now - lastMs < PROGRESS_EVERY_MS && rowsDone < rowsTotal) {
                return;
            }
            lastStage = stage;
            lastMs = now;
            vertx.eventBus().publish(Addresses.INGEST_PROGRESS, new JsonObject()
                    .put("shard", shard).put("node", node).put("stage", stage.name())
                    .put("rowsDone", rowsDone).put("rowsTotal", rowsTotal));
        }
    }
}
