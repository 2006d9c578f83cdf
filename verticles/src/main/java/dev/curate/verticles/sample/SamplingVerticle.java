package dev.curate.verticles.sample;

import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.HierarchicalSampler;
import dev.curate.engine.tree.TreeLevel;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.FailureCode;
import dev.curate.verticles.kmeans.TreeHolder;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers questions about the latest tree: draws curated samples (hierarchical sampling, SPEC
 * 4.5) and lists a cluster's members. Index lists travel in chunks of at most
 * {@link #MAX_INDICES_PER_CHUNK} tile indices, so a reply stays well under the bridge's frame
 * sizes whatever the target.
 *
 * <ul>
 *   <li>{@link Addresses#SAMPLE_REQUEST} {@code {target, multiplier=1, strategy="c", seed=0}}
 *       replies {@code {sampleId, target, size, duplicates, chunks, maxIndicesPerChunk}} and
 *       publishes the same summary on {@link Addresses#SAMPLE_RESULT}.</li>
 *   <li>{@link Addresses#SAMPLE_CHUNK} {@code {sampleId, chunk}} replies
 *       {@code {sampleId, chunk, chunks, indices}}.</li>
 *   <li>{@link Addresses#CLUSTER_MEMBERS} {@code {level, cluster, offset=0}} replies
 *       {@code {level, cluster, size, offset, members}}: member indices of the level below
 *       (tile indices on level 1), at most one chunk from {@code offset}.</li>
 * </ul>
 * The sampler runs off the event loop ({@code executeBlocking}).
 */
public final class SamplingVerticle extends AbstractVerticle {

    /** The most indices one reply carries. */
    public static final int MAX_INDICES_PER_CHUNK = 10_000;

    // LIMIT: only the last 8 drawn samples are kept for chunk requests; fetch a sample's
    // chunks before drawing 8 more, or draw it again with the same seed.
    private static final int KEPT_SAMPLES = 8;

    private final TreeHolder holder;
    private final Map<String, long[]> samples = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > KEPT_SAMPLES;
        }
    };
    private long drawn;

    /**
     * Creates the verticle.
     *
     * @param holder the tree to answer from
     */
    public SamplingVerticle(TreeHolder holder) {
        this.holder = holder;
    }

    @Override
    public void start() {
        vertx.eventBus().<JsonObject>consumer(Addresses.SAMPLE_REQUEST, this::onSample);
        vertx.eventBus().<JsonObject>consumer(Addresses.SAMPLE_CHUNK, this::onChunk);
        vertx.eventBus().<JsonObject>consumer(Addresses.CLUSTER_MEMBERS, this::onMembers);
    }

    private ClusterTree treeOrFail(Message<?> m, String address) {
        return holder.tree().orElseGet(() -> {
            m.fail(FailureCode.NOT_READY.code(), address + ": no tree yet; run "
                    + Addresses.KMEANS_RUN + " (curate launch) first");
            return null;
        });
    }

    private void onSample(Message<JsonObject> m) {
        ClusterTree tree = treeOrFail(m, Addresses.SAMPLE_REQUEST);
        if (tree == null) {
            return;
        }
        HierarchicalSampler.Request request;
        try {
            JsonObject b = m.body() == null ? new JsonObject() : m.body();
            request = new HierarchicalSampler.Request(b.getLong("target", -1L),
                    b.getInteger("multiplier", 1),
                    SamplingStrategy.parse(b.getString("strategy", "c")), b.getLong("seed", 0L));
        } catch (RuntimeException e) {
            m.fail(FailureCode.BAD_REQUEST.code(), Addresses.SAMPLE_REQUEST + ": "
                    + e.getMessage());
            return;
        }
        vertx.executeBlocking(() -> HierarchicalSampler.sample(tree, request))
                .onSuccess(result -> {
                    String id = "sample-" + (++drawn);
                    samples.put(id, result.indices());
                    int n = result.indices().length;
                    JsonObject summary = new JsonObject().put("sampleId", id)
                            .put("target", request.target()).put("size", n)
                            .put("duplicates", result.duplicates())
                            .put("chunks", (n + MAX_INDICES_PER_CHUNK - 1)
                                    / MAX_INDICES_PER_CHUNK)
                            .put("maxIndicesPerChunk", MAX_INDICES_PER_CHUNK);
                    m.reply(summary);
                    vertx.eventBus().publish(Addresses.SAMPLE_RESULT, summary);
                })
                .onFailure(e -> m.fail(FailureCode.FAILED.code(), Addresses.SAMPLE_REQUEST
                        + ": " + e.getMessage()));
    }

    private void onChunk(Message<JsonObject> m) {
        String id = m.body().getString("sampleId");
        int chunk = m.body().getInteger("chunk", 0);
        long[] indices = samples.get(id);
        int chunks = indices == null ? 0
                : (indices.length + MAX_INDICES_PER_CHUNK - 1) / MAX_INDICES_PER_CHUNK;
        if (indices == null || chunk < 0 || chunk >= Math.max(1, chunks)) {
            m.fail(FailureCode.NOT_FOUND.code(), Addresses.SAMPLE_CHUNK + ": no chunk " + chunk
                    + " of sample " + id + "; kept samples " + samples.keySet()
                    + (indices == null ? "" : ", chunks 0.." + (chunks - 1)));
            return;
        }
        int from = chunk * MAX_INDICES_PER_CHUNK;
        m.reply(new JsonObject().put("sampleId", id).put("chunk", chunk).put("chunks", chunks)
                .put("indices", slice(indices, from, indices.length)));
    }

    private void onMembers(Message<JsonObject> m) {
        ClusterTree tree = treeOrFail(m, Addresses.CLUSTER_MEMBERS);
        if (tree == null) {
            return;
        }
        int l = m.body().getInteger("level", 1);
        int c = m.body().getInteger("cluster", -1);
        long offset = m.body().getLong("offset", 0L);
        if (l < 1 || l > tree.depth() || c < 0 || c >= tree.level(l).clusterCount()) {
            m.fail(FailureCode.NOT_FOUND.code(), Addresses.CLUSTER_MEMBERS + ": level " + l
                    + " cluster " + c + " does not exist; levels 1.." + tree.depth()
                    + (l >= 1 && l <= tree.depth() ? ", clusters 0.."
                    + (tree.level(l).clusterCount() - 1) : ""));
            return;
        }
        TreeLevel level = tree.level(l);
        long start = level.offsets()[c];
        long size = level.offsets()[c + 1] - start;
        if (offset < 0 || offset > size) {
            m.fail(FailureCode.BAD_REQUEST.code(), Addresses.CLUSTER_MEMBERS + ": offset "
                    + offset + " is outside 0.." + size + " of level " + l + " cluster " + c);
            return;
        }
        m.reply(new JsonObject().put("level", l).put("cluster", c).put("size", size)
                .put("offset", offset).put("members", slice(level.members(),
                        (int) (start + offset), (int) (start + size))));
    }

    private static JsonArray slice(long[] values, int from, int end) {
        JsonArray out = new JsonArray();
        for (int i = from; i < Math.min(end, from + MAX_INDICES_PER_CHUNK); i++) {
            out.add(values[i]);
        }
        return out;
    }
}
