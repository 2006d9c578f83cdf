package dev.curate.verticles.viz;

import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.IterationStats;
import dev.curate.engine.kmeans.LevelStats;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.StatsJson;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Publishes a single-process run (the demo, {@code curate cluster}) on
 * {@link Addresses#RUN_EVENTS} in the coordinator's event format, so the progress publisher
 * fans it out to the page exactly as it does a sharded run. Adds {@code stage} events
 * ({@code stage}, {@code index}, {@code stages}) for the job's steps. The engine calls it on
 * its own thread; publishing is thread safe.
 */
public final class LiveRunEvents implements HierarchyListener {

    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private final EventBus bus;
    private final String runId;

    /**
     * Creates the publisher of one run.
     *
     * @param bus the event bus of the JVM that runs the progress publisher
     * @param runId the run's id, copied into every event
     */
    public LiveRunEvents(EventBus bus, String runId) {
        this.bus = bus;
        this.runId = runId;
    }

    /** Publishes one event of {@code type} with the given fields. */
    public void publish(String type, JsonObject fields) {
        bus.publish(Addresses.RUN_EVENTS, fields.copy().put("type", type).put("runId", runId),
                LOCAL);
    }

    /**
     * Publishes that the job entered a step.
     *
     * @param stage the step's name, for example {@code cluster}
     * @param index the step, from 1
     * @param stages the number of steps
     */
    public void stage(String stage, int index, int stages) {
        publish("stage", new JsonObject().put("stage", stage).put("index", index)
                .put("stages", stages));
    }

    @Override
    public void onLevelStart(int level, int levels, long inputs, int clusters) {
        publish("levelStart", new JsonObject().put("level", level).put("levels", levels)
                .put("inputs", inputs).put("clusters", clusters));
    }

    @Override
    public void onIteration(int level, int step, IterationStats stats) {
        publish("iteration", StatsJson.toJson(stats).put("level", level).put("step", step));
    }

    @Override
    public void onLevelEnd(LevelStats stats) {
        publish("levelEnd", StatsJson.toJson(stats));
    }
}
