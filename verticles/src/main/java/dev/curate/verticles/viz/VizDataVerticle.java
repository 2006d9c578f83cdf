package dev.curate.verticles.viz;

import dev.curate.engine.io.GroupStatsReader.GroupStats;
import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.HierarchicalSampler;
import dev.curate.engine.tree.SizeSummary;
import dev.curate.engine.tree.SpreadCurve;
import dev.curate.engine.tree.SubsetSpread;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.FailureCode;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the page's data requests from the {@link VizData} last handed to
 * {@link #publish(VizData)}: {@link Addresses#MAP_INFO}, {@link Addresses#MAP_CHUNK},
 * {@link Addresses#TILE_THUMBNAIL}, {@link Addresses#TILE_INFO}, {@link Addresses#TREE_SUMMARY}
 * and {@link Addresses#METADATA_STATS}. Deploy it with {@link #deploymentOptions()}: it is a
 * worker, so rendering thumbnails and drawing spread curves never run on an event loop.
 *
 * <p>Map arrays travel as little-endian binary chunks of at most {@link #CHUNK_POINTS} points
 * (float32 {@code x, y} pairs for {@code xy}, int32 codes for a layer), the byte order of
 * the browser's typed arrays.
 */
public final class VizDataVerticle extends AbstractVerticle {

    /** Points per map chunk: 256 KiB of {@code xy}, 128 KiB of layer codes. */
    public static final int CHUNK_POINTS = 32_768;

    private static final Logger LOG = LoggerFactory.getLogger(VizDataVerticle.class);

    private final AtomicReference<VizData> data = new AtomicReference<>();
    private final AtomicReference<JsonObject> summaryCache = new AtomicReference<>();

    /** Returns the options this verticle needs: one worker instance. */
    public static DeploymentOptions deploymentOptions() {
        return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    }

    /**
     * Replaces the served data and publishes {@link Addresses#MAP_READY} with the new map's
     * info. Any thread may call this once the verticle is deployed.
     *
     * @param next the data to serve from now on
     */
    public void publish(VizData next) {
        data.set(next);
        summaryCache.set(null);
        LOG.info("page data: {} map of {} points, {} layers", next.source(), next.points(),
                next.layers().size());
        vertx.eventBus().publish(Addresses.MAP_READY, info(next));
    }

    @Override
    public void start() {
        var bus = vertx.eventBus();
        bus.<JsonObject>consumer(Addresses.MAP_INFO, m -> reply(m, () -> info(data.get())));
        bus.<JsonObject>consumer(Addresses.MAP_CHUNK, this::onChunk);
        bus.<JsonObject>consumer(Addresses.TILE_THUMBNAIL, this::onThumbnail);
        bus.<JsonObject>consumer(Addresses.TILE_INFO, m -> reply(m, () -> tileInfo(m.body())));
        bus.<JsonObject>consumer(Addresses.TREE_SUMMARY,
                m -> reply(m, () -> treeSummary(m.body())));
        bus.<JsonObject>consumer(Addresses.METADATA_STATS, m -> reply(m, this::groups));
    }

    /** Thrown inside a handler to fail the request with a code. */
    private static final class Refusal extends RuntimeException {
        final FailureCode code;

        Refusal(FailureCode code, String message) {
            super(message);
            this.code = code;
        }
    }

    private interface Answer {
        Object get();
    }

    private static void reply(Message<JsonObject> m, Answer answer) {
        try {
            m.reply(answer.get());
        } catch (Refusal r) {
            m.fail(r.code.code(), r.getMessage());
        } catch (IllegalArgumentException e) {
            m.fail(FailureCode.BAD_REQUEST.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("page data request on {} failed", m.address(), e);
            m.fail(FailureCode.FAILED.code(), m.address() + ": " + e);
        }
    }

    private VizData ready() {
        VizData d = data.get();
        if (d == null) {
            throw new Refusal(FailureCode.NOT_READY, "no map yet: the run has not built one");
        }
        return d;
    }

    /** The map's description, or {@code {ready: false}} before the first publish. */
    static JsonObject info(VizData d) {
        if (d == null) {
            return new JsonObject().put("ready", false);
        }
        JsonArray layers = new JsonArray();
        for (VizData.Layer l : d.layers()) {
            layers.add(new JsonObject().put("name", l.name()).put("categories", l.categories())
                    .put("names", new JsonArray(l.names())));
        }
        int chunks = (d.points() + CHUNK_POINTS - 1) / CHUNK_POINTS;
        return new JsonObject().put("ready", true).put("source", d.source())
                .put("points", d.points()).put("chunkPoints", CHUNK_POINTS)
                .put("chunks", chunks).put("layers", layers)
                .put("thumbnails", d.thumbnails() != null).put("tree", d.tree() != null)
                .put("groups", d.groups() != null);
    }

    private void onChunk(Message<JsonObject> m) {
        reply(m, () -> {
            VizData d = ready();
            String array = m.body().getString("array", "xy");
            int chunk = intField(m.body(), "chunk", 0,
                    Math.max(0, (d.points() - 1) / CHUNK_POINTS));
            int from = chunk * CHUNK_POINTS;
            int count = Math.min(CHUNK_POINTS, d.points() - from);
            if ("xy".equals(array)) {
                Buffer b = Buffer.buffer(count * 8);
                for (int i = 2 * from; i < 2 * (from + count); i++) {
                    b.appendFloatLE(d.xy()[i]);
                }
                return b;
            }
            int layer = parseLayer(array, d.layers().size());
            int[] codes = d.layers().get(layer).codes();
            Buffer b = Buffer.buffer(count * 4);
            for (int i = from; i < from + count; i++) {
                b.appendIntLE(codes[i]);
            }
            return b;
        });
    }

    private static int parseLayer(String array, int layers) {
        try {
            int layer = Integer.parseInt(array);
            if (layer >= 0 && layer < layers) {
                return layer;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("map array '" + array + "' unknown; expected xy or"
                + " a layer index 0.." + (layers - 1));
    }

    private static int intField(JsonObject body, String field, int min, int max) {
        Object v = body.getValue(field);
        if (!(v instanceof Number n) || n.intValue() < min || n.intValue() > max) {
            throw new IllegalArgumentException(field + " " + v + " out of range; expected an"
                    + " integer " + min + ".." + max);
        }
        return n.intValue();
    }

    private void onThumbnail(Message<JsonObject> m) {
        reply(m, () -> {
            VizData d = ready();
            if (d.thumbnails() == null) {
                throw new Refusal(FailureCode.NOT_FOUND, "this map (" + d.source()
                        + ") has no tile source for thumbnails");
            }
            int tile = intField(m.body(), "tile", 0, d.points() - 1);
            return Buffer.buffer(d.thumbnails().apply(tile));
        });
    }

    private JsonObject tileInfo(JsonObject body) {
        VizData d = ready();
        int tile = intField(body, "tile", 0, d.points() - 1);
        JsonObject out = new JsonObject().put("tile", tile)
                .put("x", d.xy()[2 * tile]).put("y", d.xy()[2 * tile + 1]);
        if (d.tiles() != null) {
            out.put("slide", d.tiles().slideOf(tile));
            if (d.tiles().hasCoordinates()) {
                out.put("tileX", d.tiles().tileX()[tile]).put("tileY", d.tiles().tileY()[tile]);
            }
        }
        JsonObject codes = new JsonObject();
        for (VizData.Layer l : d.layers()) {
            int c = l.codes()[tile];
            codes.put(l.name(), c < 0 || l.names().isEmpty() ? (Object) c : l.names().get(c));
        }
        return out.put("layers", codes);
    }

    /** Sizes per level, the curated and uniform spread at {@code target}, and the curve. */
    private JsonObject treeSummary(JsonObject body) {
        VizData d = ready();
        ClusterTree tree = d.tree();
        if (tree == null) {
            throw new Refusal(FailureCode.NOT_READY, "no tree yet: cluster first");
        }
        long held = tree.level(1).members().length;
        long target = body.getLong("target", Math.min(1000, held));
        int multiplier = body.getInteger("multiplier", 2);
        long seed = body.getLong("seed", 0L);
        JsonObject key = new JsonObject().put("target", target).put("multiplier", multiplier)
                .put("seed", seed);
        JsonObject cached = summaryCache.get();
        if (cached != null && cached.getJsonObject("request").equals(key)) {
            return cached;
        }
        JsonObject summary = computeSummary(tree, target, multiplier, seed).put("request", key);
        summaryCache.set(summary);
        return summary;
    }

    private static JsonObject computeSummary(ClusterTree tree, long target, int multiplier,
            long seed) {
        JsonArray levels = new JsonArray();
        for (int l = 1; l <= tree.depth(); l++) {
            levels.add(new JsonObject().put("level", l)
                    .put("flatSizes", longs(tree.flatSizes(l))));
        }
        long held = tree.level(1).members().length;
        long[] targets = SpreadCurve.logTargets(Math.max(1, Math.min(10, held)),
                Math.max(held, target) * multiplier, 12);
        JsonArray curve = new JsonArray();
        for (SpreadCurve.Point p : SpreadCurve.compute(tree, targets, multiplier,
                SamplingStrategy.RANDOM, seed)) {
            curve.add(new JsonObject().put("target", p.target()).put("size", p.size())
                    .put("curated", summary(p.curated())).put("uniform", summary(p.uniform()))
                    .put("multiplier", p.multiplier())
                    .put("drawnWithMultiplier", p.drawnWithMultiplier())
                    .put("duplicates", p.duplicates()));
        }
        SpreadCurve.Point at = SpreadCurve.compute(tree, new long[] {target}, multiplier,
                SamplingStrategy.RANDOM, seed).get(0);
        int top = tree.depth();
        long[] curated = SubsetSpread.countsPerCluster(tree, top,
                HierarchicalSampler.sample(tree,
                        new HierarchicalSampler.Request(target, 1,
                                SamplingStrategy.RANDOM, seed)).indices());
        long[] uniform = SubsetSpread.countsPerCluster(tree, top,
                SubsetSpread.uniformSubset(tree, (int) at.size(), seed));
        JsonObject spread = new JsonObject().put("level", top).put("target", target)
                .put("full", longs(tree.flatSizes(top))).put("curated", longs(curated))
                .put("uniform", longs(uniform)).put("curatedSummary", summary(at.curated()))
                .put("uniformSummary", summary(at.uniform()));
        return new JsonObject().put("levels", levels).put("spread", spread)
                .put("curve", curve);
    }

    private static JsonObject summary(SizeSummary s) {
        return new JsonObject().put("count", s.count()).put("zeros", s.zeros())
                .put("min", s.min()).put("median", s.median()).put("max", s.max())
                .put("mean", s.mean()).put("cv", s.cv());
    }

    private static JsonArray longs(long[] values) {
        JsonArray a = new JsonArray();
        for (long v : values) {
            a.add(v);
        }
        return a;
    }

    private JsonObject groups() {
        VizData d = ready();
        if (d.groups() == null) {
            throw new Refusal(FailureCode.NOT_FOUND, "no metadata sample stats were given"
                    + " (curate serve --metadata-stats FILE)");
        }
        JsonArray rows = new JsonArray();
        for (GroupStats g : d.groups()) {
            rows.add(new JsonObject().put("group", g.group()).put("fullTiles", g.fullTiles())
                    .put("fullSlides", g.fullSlides()).put("sampledTiles", g.sampledTiles())
                    .put("sampledSlides", g.sampledSlides()).put("fairShare", g.fairShare())
                    .put("exhausted", g.exhausted()));
        }
        return new JsonObject().put("groups", rows);
    }
}
