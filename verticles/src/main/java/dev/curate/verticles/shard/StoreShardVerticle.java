package dev.curate.verticles.shard;

import dev.curate.engine.accel.AssignBackend;
import dev.curate.engine.accel.BackendSelection;
import dev.curate.engine.accel.Backends;
import dev.curate.engine.accel.ExactFloatSum;
import dev.curate.engine.kmeans.AssignPass;
import dev.curate.engine.kmeans.KMeans;
import dev.curate.engine.store.TileStore;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.Chunks;
import dev.curate.verticles.bus.FailureCode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one shard of the tile store and runs the assign-and-accumulate step over it. Deployed as
 * a worker verticle ({@link #deploymentOptions}), so every handler, LMDB reads and the assign
 * pass included, runs on a worker thread, one at a time, never on an event loop.
 *
 * <p>Config: {@code store} (folder), {@code shard} (index from 0), {@code shards} (count),
 * {@code backend} (an engine backend choice, default {@code auto}), {@code node} (a name for
 * messages), {@code nodeId} (the cluster node id, matched against membership events).
 * Endpoints are {@code Addresses.shard(shard, op)}:
 * <ul>
 *   <li>{@code info}: rows, dim, shard, shards, node.</li>
 *   <li>{@code tiles} {@code {offsetBytes}}: a chunk of the rows' global tile indices.</li>
 *   <li>{@code rows} {@code {from, count}}: float32 rows, at most one chunk.</li>
 *   <li>{@code centroids}: one chunk of the next pass's centroids, headers {@code pass},
 *       {@code offsetBytes}, {@code totalBytes}.</li>
 *   <li>{@code assign} {@code {pass, k, compareWith}}: runs the pass over the uploaded
 *       centroids; replies {@code {rows, changed, seconds}}, where {@code changed} counts the
 *       labels that differ from pass {@code compareWith} (which must be the shard's last
 *       pass), or all rows when it is absent.</li>
 *   <li>{@code result} {@code {pass, part, offsetBytes}}: a chunk of the pass's labels,
 *       distances, sums, counts or objective (the words of an exact float sum).</li>
 * </ul>
 */
// LIMIT: a shard keeps its last pass's result encoded in memory (12 bytes per row plus
// 24 bytes per centroid value: 235 MiB for k = 10,000 at d = 1024) until the next pass.
public final class StoreShardVerticle extends AbstractVerticle {

    private static final Logger LOG = LoggerFactory.getLogger(StoreShardVerticle.class);

    private TileStore store;
    private ShardRows rows;
    private AssignBackend backend;
    private int shard;
    private String node;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private String uploadPass;
    private Buffer upload;
    private String resultPass;
    private Map<String, Buffer> resultParts = Map.of();
    private int[] lastLabels;
    private Buffer tileBytes;
    private int assignPasses;

    /**
     * Returns the options this verticle must be deployed with: a worker, allowed to run an
     * assign pass for up to {@code maxPassMinutes} without a blocked-thread warning.
     */
    public static DeploymentOptions deploymentOptions(JsonObject config, long maxPassMinutes) {
        // the execute-time limit applies to a named pool only; the default pool warns at 60 s
        return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
                .setWorkerPoolName("curate-shard-" + config.getInteger("shard", 0))
                .setWorkerPoolSize(1)
                .setMaxWorkerExecuteTime(maxPassMinutes)
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES)
                .setConfig(config);
    }

    @Override
    public void start() {
        JsonObject c = config();
        shard = c.getInteger("shard", 0);
        int shards = c.getInteger("shards", 1);
        node = c.getString("node", "local");
        store = TileStore.open(Path.of(c.getString("store")));
        rows = ShardRows.of(store, shard, shards);
        tileBytes = Chunks.longs(rows.tiles());
        BackendSelection selection = Backends.select(c.getString("backend", "auto"), false);
        backend = selection.backend();
        LOG.info("shard {}/{} on node {}: {} rows x {} from {}, backend {} ({})", shard, shards,
                node, rows.rows(), rows.dim(), store.directory(), selection.name(),
                selection.reason());
        on("info", m -> m.reply(new JsonObject().put("shard", shard).put("shards", shards)
                .put("node", node).put("nodeId", c.getString("nodeId", "local"))
                .put("rows", rows.rows()).put("dim", rows.dim())));
        on("tiles", m -> replyChunk(m, tileBytes, body(m).getInteger(Chunks.OFFSET_BYTES, 0)));
        on("rows", this::sendRows);
        this.<Buffer>on("centroids", this::receiveCentroids);
        on("assign", this::assign);
        on("result", this::sendResult);
        announce("idle", 0);
    }

    @Override
    public void stop() {
        announce("stopped", 0);
        consumers.forEach(MessageConsumer::unregister);
        if (backend != null) {
            backend.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private <T> void on(String op, Consumer<Message<T>> handler) {
        String address = Addresses.shard(shard, op);
        consumers.add(vertx.eventBus().<T>consumer(address, m -> {
            try {
                handler.accept(m);
            } catch (IllegalArgumentException e) {
                m.fail(FailureCode.BAD_REQUEST.code(), address + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("shard {} on node {}: {} failed", shard, node, address, e);
                m.fail(FailureCode.FAILED.code(), address + " on node " + node + ": " + e);
            }
        }));
    }

    /** Tells this node's status verticle what the shard does now (local only). */
    private void announce(String state, double lastPassSeconds) {
        if (rows == null) {
            return;
        }
        JsonObject a = new JsonObject().put("shard", shard).put("node", node)
                .put("state", state).put("rows", rows.rows()).put("assignPasses", assignPasses);
        if (lastPassSeconds > 0) {
            a.put("lastPassRows", rows.rows()).put("lastPassSeconds", lastPassSeconds);
        }
        vertx.eventBus().publish(Addresses.SHARD_ACTIVITY, a,
                new DeliveryOptions().setLocalOnly(true));
    }

    private static JsonObject body(Message<?> m) {
        return m.body() instanceof JsonObject j ? j : new JsonObject();
    }

    private void sendRows(Message<JsonObject> m) {
        long from = m.body().getLong("from");
        int count = m.body().getInteger("count");
        int d = rows.dim();
        if (from < 0 || count < 1 || from + count > rows.rows()
                || (long) count * d * 4 > Chunks.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("rows from " + from + " count " + count
                    + " must lie in 0.." + rows.rows() + " and fit " + Chunks.MAX_CHUNK_BYTES
                    + " bytes");
        }
        float[] out = new float[count * d];
        for (int i = 0; i < count; i++) {
            rows.readRow(from + i, out, i * d);
        }
        m.reply(Chunks.floats(out));
    }

    private void receiveCentroids(Message<Buffer> m) {
        String pass = m.headers().get("pass");
        int offset = Integer.parseInt(m.headers().get(Chunks.OFFSET_BYTES));
        int total = Integer.parseInt(m.headers().get(Chunks.TOTAL_BYTES));
        if (offset == 0) {
            uploadPass = pass;
            upload = Buffer.buffer(total);
        }
        if (!pass.equals(uploadPass) || offset != upload.length()) {
            throw new IllegalArgumentException("centroid chunk of pass " + pass + " at byte "
                    + offset + " does not continue pass " + uploadPass + " at byte "
                    + (upload == null ? 0 : upload.length()));
        }
        upload.appendBuffer(m.body());
        m.reply(new JsonObject().put("receivedBytes", upload.length()));
    }

    private void assign(Message<JsonObject> m) {
        String pass = m.body().getString("pass");
        int k = m.body().getInteger("k");
        int d = rows.dim();
        if (!pass.equals(uploadPass) || upload.length() != k * d * 4) {
            throw new IllegalArgumentException("pass " + pass + " with k = " + k + " needs "
                    + k * d * 4 + " centroid bytes; received " + (upload == null ? 0
                    : upload.length()) + " for pass " + uploadPass);
        }
        String compareWith = m.body().getString("compareWith");
        if (compareWith != null && !compareWith.equals(resultPass)) {
            throw new IllegalArgumentException("pass " + pass + " counts changes against pass "
                    + compareWith + " but this shard's last pass is " + resultPass);
        }
        announce("assigning", 0);
        long start = System.nanoTime();
        AssignPass result;
        try {
            result = KMeans.assignLocally(rows, Chunks.toFloats(upload), k, backend);
        } catch (RuntimeException e) {
            announce("idle", 0);
            throw e;
        }
        long changed = 0;
        for (int i = 0; i < result.labels().length; i++) {
            changed += compareWith == null || result.labels()[i] != lastLabels[i] ? 1 : 0;
        }
        ExactFloatSum objective = new ExactFloatSum();
        objective.addAll(result.distances());
        resultPass = pass;
        lastLabels = result.labels();
        resultParts = Map.of("labels", Chunks.ints(result.labels()),
                "distances", Chunks.floats(result.distances()),
                "sums", Chunks.longs(result.sums().words()),
                "counts", Chunks.longs(result.counts()),
                "objective", Chunks.longs(objective.words()));
        double seconds = (System.nanoTime() - start) / 1e9;
        assignPasses++;
        announce("idle", seconds);
        LOG.trace("shard {}: pass {} over {} rows, k = {}, {} changed, {} s", shard, pass,
                rows.rows(), k, changed, seconds);
        m.reply(new JsonObject().put("rows", rows.rows()).put("changed", changed)
                .put("seconds", seconds));
    }

    private void sendResult(Message<JsonObject> m) {
        String pass = m.body().getString("pass");
        String part = m.body().getString("part");
        Buffer all = resultParts.get(part);
        if (!pass.equals(resultPass) || all == null) {
            m.fail(FailureCode.NOT_FOUND.code(), "shard " + shard + " on node " + node
                    + " has no part '" + part + "' of pass " + pass + "; it holds pass "
                    + resultPass + " with parts labels, distances, sums, counts, objective");
            return;
        }
        replyChunk(m, all, m.body().getInteger(Chunks.OFFSET_BYTES, 0));
    }

    private static void replyChunk(Message<?> m, Buffer all, int offset) {
        m.reply(Chunks.slice(all, offset), new DeliveryOptions()
                .addHeader(Chunks.TOTAL_BYTES, Integer.toString(all.length())));
    }
}
