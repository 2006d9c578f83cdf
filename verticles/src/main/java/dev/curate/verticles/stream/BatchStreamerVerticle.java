package dev.curate.verticles.stream;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.stratify.BatchStats;
import dev.curate.engine.stratify.BatchStratifier;
import dev.curate.engine.stratify.EpochSchedule;
import dev.curate.engine.stratify.StrataPool;
import dev.curate.engine.stratify.StratifyListener;
import dev.curate.engine.stratify.StratifyParams;
import dev.curate.verticles.bus.Addresses;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the engine's cluster-stratified batches ({@link BatchStratifier}) to one trainer with
 * credit-based flow control.
 *
 * <p>Protocol, all on the local bus: the trainer asks {@link Addresses#STREAM_START} with
 * {@code {run, from}} and gets {@code {strata, batchesPerEpoch, batchSize}}; the stream then
 * restarts at batch sequence {@code from} (epoch {@code from / batchesPerEpoch}, batch
 * {@code from mod batchesPerEpoch}) with no credit. Each {@code {run, credits}} on
 * {@link Addresses#STREAM_CREDIT} lets the streamer send that many more batches to
 * {@link Addresses#STREAM_BATCH}; without credit it waits. A batch is ids only:
 * {@code {run, sequence, epoch, batch, slides, tiles, x, y, strata}} (slide id, global tile
 * index and coordinates per row, tiles per stratum). With each batch sent, its summary is
 * published at {@link Addresses#BATCH_STATS}.
 *
 * <p>Epochs are drawn on a worker thread, one whole epoch at a time, in order; a restart at
 * epoch {@code e} draws epochs 0 to e-1 again to rebuild the use-counts, so the batch with a
 * given sequence is the same whether the stream started at 0 or resumed.
 */
// LIMIT: a restart at epoch e redraws e epochs (O(e x epoch size) time) when a run resumes late;
// checkpointed use-counts would avoid it.
// LIMIT: the BATCH_STATS message holds one entry per stratum, large when a level has many
// thousands of clusters; stratify over a higher --level.
public final class BatchStreamerVerticle extends AbstractVerticle {

    private static final Logger LOG = LoggerFactory.getLogger(BatchStreamerVerticle.class);

    private final StrataPool pool;
    private final StratifyParams params;
    private final TileTable tiles;
    /** Per pool slide, the global tile index of each ind. */
    private final int[][] globalTile;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong waits = new AtomicLong();

    // event-loop state
    private Stream stream;

    /**
     * Creates the streamer.
     *
     * @param pool the strata, built over {@code tiles} (see {@code StoreStrata})
     * @param params batch and epoch sizes, slide cap and seed
     * @param tiles the store's tile table, for the global index and coordinates of a tile
     * @throws IllegalArgumentException if a pool slide is not in the tile table, or holds
     *     more tiles than the table gives it
     */
    public BatchStreamerVerticle(StrataPool pool, StratifyParams params, TileTable tiles) {
        this.pool = pool;
        this.params = params;
        this.tiles = tiles;
        this.globalTile = globalTiles(pool, tiles);
    }

    private static int[][] globalTiles(StrataPool pool, TileTable tiles) {
        Map<String, Integer> tableSlide = new HashMap<>();
        for (int k = 0; k < tiles.slideIds().size(); k++) {
            tableSlide.put(tiles.slideIds().get(k), k);
        }
        int[] perTableSlide = new int[tiles.slideIds().size()];
        for (int s : tiles.slideOfTile()) {
            perTableSlide[s]++;
        }
        int[][] byTableSlide = new int[perTableSlide.length][];
        for (int k = 0; k < perTableSlide.length; k++) {
            byTableSlide[k] = new int[perTableSlide[k]];
        }
        int[] fill = new int[perTableSlide.length];
        for (int t = 0; t < tiles.tileCount(); t++) {
            int s = tiles.slideOfTile()[t];
            byTableSlide[s][fill[s]++] = t;
        }
        int[][] out = new int[pool.slideCount()][];
        for (int k = 0; k < pool.slideCount(); k++) {
            Integer table = tableSlide.get(pool.slideId(k));
            if (table == null || byTableSlide[table].length < pool.slideTiles(k)) {
                throw new IllegalArgumentException("slide '" + pool.slideId(k) + "' of the "
                        + "strata has " + pool.slideTiles(k) + " tiles but the tile table "
                        + (table == null ? "does not hold it" : "gives it "
                        + byTableSlide[table].length) + " (expected the strata of this store)");
            }
            out[k] = byTableSlide[table];
        }
        return out;
    }

    @Override
    public void start() {
        vertx.eventBus().<JsonObject>localConsumer(Addresses.STREAM_START, this::onStart);
        vertx.eventBus().<JsonObject>localConsumer(Addresses.STREAM_CREDIT, this::onCredit);
    }

    /** Returns how many batches were sent since deployment, over all restarts. */
    public long sent() {
        return sent.get();
    }

    /**
     * Returns how often the streamer had its next batch ready but no credit, and so waited for
     * the trainer.
     */
    public long waits() {
        return waits.get();
    }

    private void onStart(Message<JsonObject> m) {
        String run = m.body().getString("run");
        long from = m.body().getLong("from", 0L);
        if (run == null || from < 0) {
            m.fail(400, "stream.start needs {run, from >= 0}; got " + m.body().encode());
            return;
        }
        stream = new Stream(run, from);
        LOG.info("batch stream {} starts at batch {} (epoch {}, batch {} of {})", run, from,
                from / params.batchesPerEpoch(), from % params.batchesPerEpoch(),
                params.batchesPerEpoch());
        m.reply(new JsonObject().put("strata", pool.strataCount())
                .put("batchesPerEpoch", params.batchesPerEpoch())
                .put("batchSize", params.batchSize()));
    }

    private void onCredit(Message<JsonObject> m) {
        Stream s = stream;
        if (s == null || !s.run.equals(m.body().getString("run"))) {
            LOG.debug("credit for an ended stream ignored: {}", m.body().encode());
            return;
        }
        s.credits += m.body().getLong("credits", 0L);
        pump(s);
    }

    /** Sends one batch per credit while the current epoch has batches; draws the next epoch. */
    private void pump(Stream s) {
        while (s.credits > 0 && s == stream) {
            int epoch = (int) (s.next / params.batchesPerEpoch());
            if (s.schedule == null || s.scheduleEpoch != epoch) {
                if (!s.drawing) {
                    draw(s, epoch);
                }
                return;
            }
            send(s, epoch, (int) (s.next % params.batchesPerEpoch()));
            s.credits--;
            s.next++;
        }
        if (s.credits == 0 && s.schedule != null
                && s.scheduleEpoch == s.next / params.batchesPerEpoch()) {
            waits.incrementAndGet();
        }
    }

    private void draw(Stream s, int epoch) {
        s.drawing = true;
        vertx.executeBlocking(() -> s.drawThrough(epoch)).onComplete(done -> {
            s.drawing = false;
            if (done.failed()) {
                LOG.error("batch stream {} failed drawing epoch {}: {}", s.run, epoch,
                        done.cause().getMessage(), done.cause());
                vertx.eventBus().send(Addresses.STREAM_BATCH, new JsonObject()
                        .put("run", s.run).put("error", "epoch " + epoch + ": "
                                + done.cause().getMessage()));
                return;
            }
            pump(s);
        });
    }

    private void send(Stream s, int epoch, int b) {
        int start = b * params.batchSize();
        int size = params.batchSize(b);
        JsonArray slides = new JsonArray();
        JsonArray ids = new JsonArray();
        JsonArray xs = new JsonArray();
        JsonArray ys = new JsonArray();
        for (int r = start; r < start + size; r++) {
            int slide = s.schedule.slides()[r];
            int t = globalTile[slide][s.schedule.inds()[r]];
            slides.add(pool.slideId(slide));
            ids.add(t);
            xs.add(tiles.hasCoordinates() ? tiles.tileX()[t] : -1);
            ys.add(tiles.hasCoordinates() ? tiles.tileY()[t] : -1);
        }
        BatchStats st = s.stats.get(b);
        JsonArray strata = new JsonArray();
        JsonObject named = new JsonObject();
        for (int k = 0; k < st.perStratum().length; k++) {
            strata.add(st.perStratum()[k]);
            named.put(pool.stratumLabel(k), st.perStratum()[k]);
        }
        vertx.eventBus().send(Addresses.STREAM_BATCH, new JsonObject().put("run", s.run)
                .put("sequence", s.next).put("epoch", epoch).put("batch", b)
                .put("slides", slides).put("tiles", ids).put("x", xs).put("y", ys)
                .put("strata", strata));
        sent.incrementAndGet();
        int openedBefore = b == 0 ? 0 : s.stats.get(b - 1).openSlides();
        vertx.eventBus().publish(Addresses.BATCH_STATS, new JsonObject()
                .put("batch", s.next).put("epoch", epoch).put("batchInEpoch", b)
                .put("size", size).put("slidesOpened", st.openSlides() - openedBefore)
                .put("openSlides", st.openSlides()).put("repeats", st.repeats())
                .put("fallbacks", st.fallbacks()).put("strata", named));
    }

    /** One run of the stream; the stratifier and schedule are touched by one thread at a time. */
    private final class Stream {
        final String run;
        long next;
        long credits;
        boolean drawing;
        BatchStratifier stratifier;
        int drawnEpochs;
        volatile EpochSchedule schedule;
        volatile int scheduleEpoch = -1;
        volatile List<BatchStats> stats;

        Stream(String run, long from) {
            this.run = run;
            this.next = from;
        }

        /** On a worker: draws (and drops) epochs before {@code epoch}, then draws it. */
        Void drawThrough(int epoch) {
            if (stratifier == null) {
                stratifier = new BatchStratifier(pool, params);
            }
            while (drawnEpochs < epoch) {
                stratifier.drawEpoch(drawnEpochs++, StratifyListener.NONE);
            }
            List<BatchStats> batches = new ArrayList<>();
            EpochSchedule drawn = stratifier.drawEpoch(epoch, new StratifyListener() {
                @Override
                public void onBatch(int e, int batchIndex, BatchStats st) {
                    batches.add(new BatchStats(st.epoch(), st.batch(), st.size(),
                            st.perStratum().clone(), st.openSlides(), st.repeats(),
                            st.strataSmallerThanQuota(), st.strataCapLimited(), st.fallbacks()));
                }
            });
            drawnEpochs++;
            stats = batches;
            schedule = drawn;
            scheduleEpoch = epoch;
            return null;
        }
    }
}
