package dev.curate.verticles.progress;

import dev.curate.verticles.bus.Addresses;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Fans the coordinator's run events out to subscribers and keeps the run status. Events from
 * {@link Addresses#RUN_EVENTS} are published on {@link Addresses#KMEANS_PROGRESS}; a finished
 * level ({@code levelEnd}) also goes to {@link Addresses#TREE_LEVEL}. Requests on
 * {@link Addresses#RUN_STATUS} get {@code {state, runId, level, levels, message, events}} with
 * state {@code idle}, {@code running}, {@code done} or {@code failed}.
 */
public final class ProgressPublisherVerticle extends AbstractVerticle {

    private JsonObject status = new JsonObject().put("state", "idle").put("events", 0L);

    @Override
    public void start() {
        vertx.eventBus().<JsonObject>localConsumer(Addresses.RUN_EVENTS, this::onEvent);
        vertx.eventBus().<JsonObject>consumer(Addresses.RUN_STATUS,
                m -> m.reply(status.copy()));
    }

    private void onEvent(Message<JsonObject> m) {
        JsonObject e = m.body();
        String type = e.getString("type", "");
        JsonObject next = status.copy().put("runId", e.getString("runId"))
                .put("events", status.getLong("events") + 1);
        switch (type) {
            case "runStart" -> next.put("state", "running").put("levels", e.getInteger("levels"))
                    .put("message", "started on " + e.getInteger("shards") + " shards");
            case "levelStart" -> next.put("level", e.getInteger("level"))
                    .put("message", "level " + e.getInteger("level") + " started");
            case "levelEnd" -> next.put("message", "level " + e.getInteger("level")
                    + " finished: " + e.getInteger("clusters") + " clusters");
            case "runEnd" -> next.put("state", "done").put("message", "finished");
            case "runFailed" -> next.put("state", "failed").put("message", e.getString("message"));
            default -> { }
        }
        status = next;
        vertx.eventBus().publish(Addresses.KMEANS_PROGRESS, e);
        if ("levelEnd".equals(type)) {
            vertx.eventBus().publish(Addresses.TREE_LEVEL, e);
        }
    }
}
