package dev.curate.verticles.kmeans;

import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.IterationStats;
import dev.curate.engine.kmeans.LevelStats;
import dev.curate.engine.kmeans.LevelStep;
import dev.curate.engine.tree.TreeLevel;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.StatsJson;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Turns the engine's progress callbacks into JSON events on {@link Addresses#RUN_EVENTS}
 * (local to this JVM; the progress publisher fans them out), tells the sharded source which
 * level runs, passes steps and finished levels on to the checkpoint, and stops the run at the
 * next callback once a node holding a shard has left. Every event has a {@code type}:
 * {@code levelStart}, {@code init} (k-means++ progress, about once a second), {@code iteration},
 * {@code levelEnd}, {@code runStart}, {@code runEnd} or {@code runFailed}.
 */
final class RunEvents implements HierarchyListener {

    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private final EventBus bus;
    private final String runId;
    private final ShardedVectorSource source;
    private final HierarchyListener checkpoint;
    private final JsonArray levelStats = new JsonArray();
    private long lastInitEvent = System.nanoTime();

    RunEvents(EventBus bus, String runId, ShardedVectorSource source,
            HierarchyListener checkpoint) {
        this.bus = bus;
        this.runId = runId;
        this.source = source;
        this.checkpoint = checkpoint;
    }

    /** Returns the stats of the levels finished so far in this run, as JSON. */
    JsonArray levelStats() {
        return levelStats.copy();
    }

    /** Publishes one event of {@code type} with the given fields. */
    void publish(String type, JsonObject fields) {
        bus.publish(Addresses.RUN_EVENTS, fields.copy().put("type", type).put("runId", runId),
                LOCAL);
    }

    @Override
    public void onLevelStart(int level, int levels, long inputs, int clusters) {
        source.setLevel(level);
        source.checkNodes();
        publish("levelStart", new JsonObject().put("level", level).put("levels", levels)
                .put("inputs", inputs).put("clusters", clusters));
    }

    @Override
    public void onIteration(int level, int step, IterationStats stats) {
        publish("iteration", StatsJson.toJson(stats).put("level", level).put("step", step));
        source.checkNodes();
    }

    /** Publishes init progress at most about once a second, and when the init is done. */
    @Override
    public void onInit(int level, int chosen, int k) {
        long now = System.nanoTime();
        if (chosen == k || now - lastInitEvent > 1_000_000_000L) {
            lastInitEvent = now;
            publish("init", new JsonObject().put("level", level).put("chosen", chosen)
                    .put("clusters", k));
        }
        source.checkNodes();
    }

    @Override
    public void onStep(LevelStep step) {
        checkpoint.onStep(step);
        source.checkNodes();
    }

    @Override
    public void onLevelEnd(LevelStats stats) {
        levelStats.add(StatsJson.toJson(stats));
        publish("levelEnd", StatsJson.toJson(stats));
    }

    @Override
    public void onLevelDone(int level, TreeLevel treeLevel) {
        checkpoint.onLevelDone(level, treeLevel);
        source.checkNodes();
    }
}
