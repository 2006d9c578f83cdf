package dev.curate.verticles.cluster;

import dev.curate.verticles.bus.Addresses;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes this node's status on {@link Addresses#NODE_STATUS} (cluster wide) every
 * {@code periodMs} and at once whenever the state changes, so a page on any member shows
 * every node live. It learns what the node does from its store shard
 * ({@link Addresses#SHARD_ACTIVITY}, local) and its sharded ingest
 * ({@link Addresses#INGEST_PROGRESS}, the events of this shard and node only). Runs on an
 * event loop and never blocks: it only copies the last values it was told.
 *
 * <p>Config: {@code node} (the member's name, as the shard's), {@code nodeId} (the cluster
 * node id), {@code shard}, {@code shards}, {@code periodMs} (default 1000).
 *
 * <p>Body: {@code node}, {@code nodeId}, {@code shard}, {@code shards}, {@code state}
 * ({@code waiting} for a store to serve, {@code ingesting}, {@code idle}, {@code assigning},
 * {@code stopped}), {@code rows} (rows the shard holds), {@code assignPasses},
 * {@code lastPassRows}, {@code lastPassSeconds}, {@code rowsPerSecond} (of the last pass),
 * {@code ingestStage}, {@code ingestRowsDone}, {@code ingestRowsTotal} (while ingesting),
 * {@code heapUsedBytes}, {@code heapMaxBytes}, {@code uptimeMs} (of this JVM) and
 * {@code seq} (counts this node's messages from 1).
 */
public final class NodeStatusVerticle extends AbstractVerticle {

    /** Default time between two periodic messages. */
    public static final long DEFAULT_PERIOD_MS = 1_000;

    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private JsonObject status;
    private long seq;
    private long timer = -1;

    @Override
    public void start() {
        JsonObject c = config();
        int shard = c.getInteger("shard", 0);
        String node = c.getString("node", "local");
        long periodMs = c.getLong("periodMs", DEFAULT_PERIOD_MS);
        if (periodMs < 1) {
            throw new IllegalArgumentException("periodMs " + periodMs + " of the node status "
                    + "of " + node + " must be at least 1");
        }
        status = new JsonObject().put("node", node).put("nodeId", c.getString("nodeId", "local"))
                .put("shard", shard).put("shards", c.getInteger("shards", 1))
                .put("state", "waiting").put("rows", 0L).put("assignPasses", 0);
        consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.SHARD_ACTIVITY,
                m -> {
                    if (mine(m.body(), shard, node)) {
                        onShard(m.body());
                    }
                }));
        consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.INGEST_PROGRESS, m -> {
            if (mine(m.body(), shard, node)) {
                onIngest(m.body());
            }
        }));
        publish();
        timer = vertx.setPeriodic(periodMs, id -> publish());
    }

    @Override
    public void stop() {
        vertx.cancelTimer(timer);
        consumers.forEach(MessageConsumer::unregister);
    }

    private static boolean mine(JsonObject e, int shard, String node) {
        return e.getInteger("shard", -1) == shard && node.equals(e.getString("node"));
    }

    private void onShard(JsonObject a) {
        String before = status.getString("state");
        status.put("state", a.getString("state")).put("rows", a.getLong("rows", 0L))
                .put("assignPasses", a.getInteger("assignPasses", 0));
        if (a.containsKey("lastPassSeconds")) {
            long rows = a.getLong("lastPassRows");
            double seconds = a.getDouble("lastPassSeconds");
            status.put("lastPassRows", rows).put("lastPassSeconds", seconds)
                    .put("rowsPerSecond", seconds > 0 ? rows / seconds : 0.0);
        }
        if (!"ingesting".equals(a.getString("state"))) {
            status.remove("ingestStage");
            status.remove("ingestRowsDone");
            status.remove("ingestRowsTotal");
        }
        changed(before);
    }

    private void onIngest(JsonObject p) {
        String before = status.getString("state");
        status.put("state", "ingesting").put("ingestStage", p.getString("stage"))
                .put("ingestRowsDone", p.getLong("rowsDone", 0L))
                .put("ingestRowsTotal", p.getLong("rowsTotal", 0L));
        changed(before);
    }

    /** Publishes at once on a change of state; otherwise the timer carries the new values. */
    private void changed(String before) {
        if (!before.equals(status.getString("state"))) {
            publish();
        }
    }

    private void publish() {
        Runtime rt = Runtime.getRuntime();
        seq++;
        vertx.eventBus().publish(Addresses.NODE_STATUS, status.copy()
                .put("heapUsedBytes", rt.totalMemory() - rt.freeMemory())
                .put("heapMaxBytes", rt.maxMemory())
                .put("uptimeMs", ManagementFactory.getRuntimeMXBean().getUptime())
                .put("seq", seq));
    }
}
