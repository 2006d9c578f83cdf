package dev.curate.verticles.train;

import dev.curate.engine.train.data.BatchSource;
import dev.curate.engine.train.data.TileBatch;
import dev.curate.engine.train.data.TileRef;
import dev.curate.verticles.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trainer's end of the batch stream: a {@link BatchSource} fed by
 * {@link Addresses#STREAM_BATCH} messages into a queue of {@code credits} batches. It grants
 * the streamer {@code credits} batches when positioned ({@link #skipTo}) and one more each time
 * {@link #next} takes a batch, so at most {@code credits} batches are ever sent and not yet
 * taken: memory stays flat and a slow trainer makes the streamer wait.
 *
 * <p>The consumer's handler runs on an event loop and never blocks; {@link #skipTo} and
 * {@link #next} block and must run off the event loop, on one thread at a time.
 */
public final class BusBatchSource implements BatchSource {

    /** How long {@link #skipTo} waits for the streamer's reply. */
    public static final long START_TIMEOUT_SECONDS = 30;

    private static final JsonObject END = new JsonObject();

    private final Vertx vertx;
    private final String run;
    private final int credits;
    private final BlockingQueue<JsonObject> queue;
    private final MessageConsumer<JsonObject> consumer;
    private final AtomicInteger maxQueued = new AtomicInteger();
    private volatile String protocolError;
    private int batchesPerEpoch;
    private boolean started;

    /**
     * Registers the consumer of this run's batches.
     *
     * @param vertx the Vert.x instance
     * @param run the run id; batches of other runs are ignored
     * @param credits the prefetch bound, at least 1
     */
    public BusBatchSource(Vertx vertx, String run, int credits) {
        if (credits < 1) {
            throw new IllegalArgumentException("stream credits " + credits
                    + " must be at least 1");
        }
        this.vertx = vertx;
        this.run = run;
        this.credits = credits;
        this.queue = new ArrayBlockingQueue<>(credits + 1);
        this.consumer = vertx.eventBus().localConsumer(Addresses.STREAM_BATCH, m -> {
            JsonObject b = m.body();
            if (!run.equals(b.getString("run"))) {
                return;
            }
            if (b.containsKey("error")) {
                protocolError = "the batch streamer failed: " + b.getString("error");
                queue.offer(END);
                return;
            }
            if (!queue.offer(b) || queue.size() > credits) {
                protocolError = "the streamer sent batch " + b.getLong("sequence")
                        + " beyond the " + credits + " credits granted";
                queue.clear();
                queue.offer(END);
                return;
            }
            maxQueued.accumulateAndGet(queue.size(), Math::max);
        });
    }

    /**
     * Restarts the stream at {@code nextSequence} and grants the first credits.
     *
     * @throws IllegalStateException if the streamer does not answer within
     *     {@link #START_TIMEOUT_SECONDS} or refuses
     */
    @Override
    public void skipTo(long nextSequence) throws InterruptedException {
        JsonObject reply;
        try {
            reply = vertx.eventBus().<JsonObject>request(Addresses.STREAM_START,
                    new JsonObject().put("run", run).put("from", nextSequence))
                    .toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS).body();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no batch streamer answered at "
                    + Addresses.STREAM_START + " within " + START_TIMEOUT_SECONDS + " s (deploy"
                    + " BatchStreamerVerticle first): " + e.getMessage(), e);
        }
        batchesPerEpoch = reply.getInteger("batchesPerEpoch");
        started = true;
        grant(credits);
    }

    @Override
    public Optional<TileBatch> next() throws InterruptedException {
        if (!started) {
            skipTo(0);
        }
        JsonObject b = queue.take();
        if (b == END) {
            queue.offer(END);
            throw new IllegalStateException(protocolError);
        }
        grant(1);
        return Optional.of(toBatch(b));
    }

    private void grant(int n) {
        vertx.eventBus().send(Addresses.STREAM_CREDIT,
                new JsonObject().put("run", run).put("credits", n));
    }

    /** Returns the stream's batches per epoch, known once positioned. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Returns the most batches that ever waited in the queue at once. */
    public int maxQueued() {
        return maxQueued.get();
    }

    /** Returns the credit bound. */
    public int credits() {
        return credits;
    }

    /** Converts a {@link Addresses#STREAM_BATCH} message to the trainer's batch. */
    static TileBatch toBatch(JsonObject b) {
        JsonArray slides = b.getJsonArray("slides");
        JsonArray ids = b.getJsonArray("tiles");
        JsonArray xs = b.getJsonArray("x");
        JsonArray ys = b.getJsonArray("y");
        List<TileRef> refs = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            refs.add(new TileRef(slides.getString(i), ids.getLong(i), xs.getInteger(i),
                    ys.getInteger(i)));
        }
        List<Integer> strata = new ArrayList<>();
        for (Object c : b.getJsonArray("strata")) {
            strata.add(((Number) c).intValue());
        }
        return new TileBatch(b.getLong("sequence"), refs, strata);
    }

    /** Unregisters the consumer. */
    @Override
    public void close() {
        consumer.unregister();
    }
}
