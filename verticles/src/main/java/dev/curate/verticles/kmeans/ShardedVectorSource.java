package dev.curate.verticles.kmeans;

import dev.curate.engine.accel.ClusterSums;
import dev.curate.engine.accel.ExactFloatSum;
import dev.curate.engine.kmeans.AssignPass;
import dev.curate.engine.kmeans.AssignSummary;
import dev.curate.engine.kmeans.AssignableSource;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
import dev.curate.verticles.bus.Chunks;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The tile embeddings of all shards seen as one pool in global tile order, for the engine's
 * k-means on the coordinator. Assign steps run on the shards ({@link #assignStep}): the
 * centroids go to every shard in chunks, each shard assigns its rows and keeps their labels
 * and distances, and the coordinator adds the shards' exact partial sums ({@link ClusterSums}),
 * objectives and changed counts; labels come over once a k-means run ends:
 * the result has the bits of a one-machine pass whatever the shard count, so a 3-node tree is
 * the 1-node tree. Scans and row reads (initialisation, the distinct-row check,
 * resampling) fetch rows from the shards in chunks.
 *
 * <p>Used from one coordinator thread that is not an event loop; it blocks on replies.
 * Public for the benchmark, which times {@link #assignAll} against the engine's local pass.
 */
public final class ShardedVectorSource implements AssignableSource {

    // LIMIT: scans (k-means++ init, the distinct-row check) stream the whole level-1 pool to
    // the coordinator, k-means++ about 2k times; use init RANDOM for pools beyond a few
    // million rows, it reads only k rows.
    // LIMIT: the labels and distances of all rows come to the coordinator (8 bytes per row)
    // once per k-means run, for the level's members and resampling; 2.8 GB at 350M tiles.
    // LIMIT: resampling and level-1 splitting fetch their rows one small chunk at a time
    // (ROW_CACHE rows); level-1 splits of a large pool move the whole pool to the coordinator.
    private static final int ROW_CACHE = 64;

    private final EventBus bus;
    private final List<ShardInfo> shards;
    private final long timeoutMs;
    private final int dim;
    private final long[] tiles;
    private final byte[] shardOfRow;
    private final int[] localOfRow;
    private final RowCache cache = new RowCache();
    private volatile int level;
    private volatile String lost;
    private long passes;
    private String lastPass;
    private ClusterSums lastSums;
    private long[] lastCounts;

    /**
     * A shard as the coordinator knows it.
     *
     * @param index the shard index
     * @param node the node's name, for messages
     * @param nodeId the cluster node id of the shard's node ({@code local} without a cluster)
     * @param tiles the global tile index of each of its rows, ascending
     */
    record ShardInfo(int index, String node, String nodeId, long[] tiles) {
    }

    ShardedVectorSource(EventBus bus, List<ShardInfo> shards, int dim, long timeoutMs) {
        if (shards.size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException(shards.size() + " shards given; at most "
                    + Byte.MAX_VALUE + " are supported");
        }
        this.bus = bus;
        this.shards = shards;
        this.dim = dim;
        this.timeoutMs = timeoutMs;
        int n = shards.stream().mapToInt(s -> s.tiles().length).sum();
        tiles = new long[n];
        shardOfRow = new byte[n];
        localOfRow = new int[n];
        merge();
    }

    /**
     * Asks shards {@code 0..shards-1} for their size and tiles and returns their pool.
     *
     * @param bus the event bus the shards are reachable on
     * @param shardCount number of shards, at least 1
     * @param timeoutMs longest wait for one shard request, ms
     * @return the pool in global tile order
     * @throws IllegalArgumentException when the shards' dimensions differ
     * @throws BusCalls.RemoteCallException when a shard does not answer
     */
    public static ShardedVectorSource discover(EventBus bus, int shardCount, long timeoutMs) {
        List<ShardInfo> infos = new ArrayList<>();
        int dim = -1;
        for (int s = 0; s < shardCount; s++) {
            JsonObject info = (JsonObject) BusCalls.await(bus.request(
                    Addresses.shard(s, "info"), new JsonObject()), timeoutMs,
                    "shard " + s + " ('info')").body();
            int d = info.getInteger("dim");
            if (dim >= 0 && d != dim) {
                throw new IllegalArgumentException("shard " + s + " on node "
                        + info.getString("node") + " has vectors of dim " + d
                        + " but shard 0 has " + dim);
            }
            dim = d;
            infos.add(new ShardInfo(s, info.getString("node"), info.getString("nodeId"), null));
        }
        ShardedVectorSource probe = new ShardedVectorSource(bus, List.of(), dim, timeoutMs);
        List<ShardInfo> withTiles = new ArrayList<>();
        for (ShardInfo s : infos) {
            long[] t = Chunks.toLongs(probe.fetchChunks(s, "tiles", new JsonObject()));
            withTiles.add(new ShardInfo(s.index(), s.node(), s.nodeId(), t));
        }
        return new ShardedVectorSource(bus, withTiles, dim, timeoutMs);
    }

    /** Orders all shards' rows by global tile index. */
    private void merge() {
        int[] next = new int[shards.size()];
        for (int g = 0; g < tiles.length; g++) {
            int best = -1;
            for (int s = 0; s < shards.size(); s++) {
                long[] t = shards.get(s).tiles();
                if (next[s] < t.length && (best < 0 || t[next[s]] < tiles[g])) {
                    best = s;
                    tiles[g] = t[next[s]];
                }
            }
            shardOfRow[g] = (byte) best;
            localOfRow[g] = next[best]++;
        }
        for (int g = 1; g < tiles.length; g++) {
            if (tiles[g] <= tiles[g - 1]) {
                throw new IllegalStateException("tile " + tiles[g] + " is held by more than "
                        + "one shard (or out of order); a slide must live on one shard only");
            }
        }
    }

    /** Returns the global tile index of every row, ascending. */
    public long[] tileIndices() {
        return tiles.clone();
    }

    /**
     * Marks a cluster node as gone: every wait on one of its shards stops at once.
     *
     * @param nodeId the node id from the cluster membership
     */
    void nodeLeft(String nodeId) {
        for (ShardInfo s : shards) {
            if (s.nodeId().equals(nodeId)) {
                lost = "shard " + s.index() + " on node " + s.node() + " left the cluster "
                        + "during level " + level;
            }
        }
    }

    /**
     * Stops the run when a node holding a shard has left, also between requests: the
     * coordinator calls it after every iteration, so a run notices a lost node within one
     * iteration even while it clusters a higher level on its own.
     *
     * @throws BusCalls.RemoteCallException naming the shard, its node and the level
     */
    void checkNodes() {
        String reason = lost;
        if (reason != null) {
            throw BusCalls.stopped("level " + level, reason);
        }
    }

    /** Sets the level named in messages about lost shards. */
    void setLevel(int level) {
        this.level = level;
    }

    @Override
    public long rows() {
        return tiles.length;
    }

    @Override
    public int dim() {
        return dim;
    }

    /**
     * Runs one assign step on all shards and brings everything back: the step and then its
     * labels and distances (the benchmark times this whole round trip).
     *
     * @param centroids row-major {@code k x dim()} centroids
     * @param k number of centroids
     * @return labels and distances in global row order, summed sums and counts
     */
    @Override
    public AssignPass assignAll(float[] centroids, int k) {
        assignStep(centroids, k, false);
        return lastAssignment();
    }

    /**
     * Runs one assign step on all shards: the centroids go out in chunks, each shard assigns
     * its rows and keeps their labels and distances, and only the sums, counts, objective
     * words and changed counts come back and are added (all exactly).
     */
    @Override
    public AssignSummary assignStep(float[] centroids, int k, boolean continuing) {
        if (continuing && lastPass == null) {
            throw new IllegalStateException("an assign step continues a run but none ran");
        }
        String pass = "p" + (++passes);
        uploadCentroids(pass, Chunks.floats(centroids));
        List<Future<Message<Object>>> runs = new ArrayList<>();
        for (ShardInfo s : shards) {
            JsonObject request = new JsonObject().put("pass", pass).put("k", k);
            if (continuing) {
                request.put("compareWith", lastPass);
            }
            runs.add(bus.request(Addresses.shard(s.index(), "assign"), request, options()));
        }
        long changed = 0;
        for (int s = 0; s < shards.size(); s++) {
            JsonObject reply = (JsonObject) await(runs.get(s), shards.get(s), "assign").body();
            changed += reply.getLong("changed");
        }
        ClusterSums sums = new ClusterSums(k, dim);
        long[] counts = new long[k];
        ExactFloatSum objective = new ExactFloatSum();
        for (ShardInfo s : shards) {
            sums.addAll(ClusterSums.ofWords(k, dim, Chunks.toLongs(fetch(s, pass, "sums"))));
            long[] c = Chunks.toLongs(fetch(s, pass, "counts"));
            for (int c2 = 0; c2 < k; c2++) {
                counts[c2] += c[c2];
            }
            objective.addAll(ExactFloatSum.ofWords(Chunks.toLongs(
                    fetch(s, pass, "objective"))));
        }
        lastPass = pass;
        lastSums = sums;
        lastCounts = counts;
        return new AssignSummary(sums, counts, changed, objective.value());
    }

    /** Fetches the last step's labels and distances from every shard, in global row order. */
    @Override
    public AssignPass lastAssignment() {
        if (lastPass == null) {
            throw new IllegalStateException("no assign step ran, so there are no labels");
        }
        int n = tiles.length;
        int[] labels = new int[n];
        float[] distances = new float[n];
        List<int[]> shardLabels = new ArrayList<>();
        List<float[]> shardDistances = new ArrayList<>();
        for (ShardInfo s : shards) {
            shardLabels.add(Chunks.toInts(fetch(s, lastPass, "labels")));
            shardDistances.add(Chunks.toFloats(fetch(s, lastPass, "distances")));
        }
        for (int g = 0; g < n; g++) {
            labels[g] = shardLabels.get(shardOfRow[g])[localOfRow[g]];
            distances[g] = shardDistances.get(shardOfRow[g])[localOfRow[g]];
        }
        return new AssignPass(labels, distances, lastSums, lastCounts);
    }

    /** Sends the centroids to every shard, chunk by chunk, all shards at once. */
    private void uploadCentroids(String pass, Buffer bytes) {
        for (int offset = 0; offset < bytes.length(); offset += Chunks.MAX_CHUNK_BYTES) {
            Buffer chunk = Chunks.slice(bytes, offset);
            List<Future<Message<Object>>> sent = new ArrayList<>();
            for (ShardInfo s : shards) {
                sent.add(bus.request(Addresses.shard(s.index(), "centroids"), chunk, options()
                        .addHeader("pass", pass)
                        .addHeader(Chunks.OFFSET_BYTES, Integer.toString(offset))
                        .addHeader(Chunks.TOTAL_BYTES, Integer.toString(bytes.length()))));
            }
            for (int s = 0; s < shards.size(); s++) {
                await(sent.get(s), shards.get(s), "centroids");
            }
        }
    }

    /** Fetches one part of a shard's pass result, chunk by chunk. */
    private Buffer fetch(ShardInfo s, String pass, String part) {
        return fetchChunks(s, "result", new JsonObject().put("pass", pass).put("part", part));
    }

    /**
     * Fetches a chunked array from a shard: asks for the chunk at each byte offset until the
     * total the first reply names is reached.
     */
    Buffer fetchChunks(ShardInfo s, String op, JsonObject request) {
        Buffer all = Buffer.buffer();
        int total = -1;
        while (total < 0 || all.length() < total) {
            Message<Object> reply = await(bus.request(Addresses.shard(s.index(), op),
                    request.copy().put(Chunks.OFFSET_BYTES, all.length()), options()), s, op);
            total = Integer.parseInt(reply.headers().get(Chunks.TOTAL_BYTES));
            Buffer chunk = (Buffer) reply.body();
            if (chunk.length() == 0 && all.length() < total) {
                throw new IllegalStateException("shard " + s.index() + " sent an empty chunk "
                        + "at byte " + all.length() + " of " + total + " for " + op);
            }
            all.appendBuffer(chunk);
        }
        return all;
    }

    private DeliveryOptions options() {
        return new DeliveryOptions().setSendTimeout(timeoutMs);
    }

    private <T> T await(Future<T> f, ShardInfo s, String op) {
        return BusCalls.await(f, timeoutMs + 1000, "level " + level + ": shard " + s.index()
                + " on node " + s.node() + " ('" + op + "')", () -> lost);
    }

    @Override
    public void scan(int maxRows, BlockVisitor visitor) {
        int rowsPerChunk = Math.max(1, Chunks.MAX_CHUNK_BYTES / (dim * 4));
        int blockRows = (int) Math.max(1, Math.min(maxRows, tiles.length));
        float[] block = new float[blockRows * dim];
        for (int first = 0; first < tiles.length; first += blockRows) {
            int count = Math.min(blockRows, tiles.length - first);
            for (int s = 0; s < shards.size(); s++) {
                fillFromShard(s, first, count, block, rowsPerChunk);
            }
            visitor.visit(first, count, block);
        }
    }

    /** Copies shard {@code s}'s rows among global rows {@code first..first+count-1}. */
    private void fillFromShard(int s, int first, int count, float[] block, int rowsPerChunk) {
        int lo = -1;
        int taken = 0;
        for (int g = first; g < first + count; g++) {
            if (shardOfRow[g] == s) {
                lo = lo < 0 ? localOfRow[g] : lo;
                taken++;
            }
        }
        if (taken == 0) {
            return;
        }
        float[] local = new float[taken * dim];
        for (int at = 0; at < taken; at += rowsPerChunk) {
            int c = Math.min(rowsPerChunk, taken - at);
            Chunks.readFloats(fetchRows(shards.get(s), lo + at, c), local, at * dim, c * dim);
        }
        int i = 0;
        for (int g = first; g < first + count; g++) {
            if (shardOfRow[g] == s) {
                System.arraycopy(local, i++ * dim, block, (g - first) * dim, dim);
            }
        }
    }

    private Buffer fetchRows(ShardInfo s, long from, int count) {
        Message<Object> reply = await(bus.request(Addresses.shard(s.index(), "rows"),
                new JsonObject().put("from", from).put("count", count), options()), s, "rows");
        return (Buffer) reply.body();
    }

    @Override
    public void readRow(long row, float[] dst, int offset) {
        if (row < 0 || row >= tiles.length) {
            throw new IllegalArgumentException("row " + row + " is outside 0.."
                    + (tiles.length - 1));
        }
        int s = shardOfRow[(int) row];
        int local = localOfRow[(int) row];
        if (!cache.holds(s, local)) {
            ShardInfo info = shards.get(s);
            int count = (int) Math.min(Math.min(ROW_CACHE, Chunks.MAX_CHUNK_BYTES / (dim * 4)),
                    info.tiles().length - local);
            cache.fill(s, local, count, Chunks.toFloats(fetchRows(info, local, count)));
        }
        System.arraycopy(cache.rows, (local - cache.from) * dim, dst, offset, dim);
    }

    /** The last few consecutive rows fetched from one shard. */
    private static final class RowCache {
        int shard = -1;
        int from;
        int count;
        float[] rows;

        boolean holds(int s, int local) {
            return shard == s && local >= from && local < from + count;
        }

        void fill(int s, int first, int n, float[] values) {
            shard = s;
            from = first;
            count = n;
            rows = values;
        }
    }
}
