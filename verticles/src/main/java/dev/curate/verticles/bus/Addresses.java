package dev.curate.verticles.bus;

/**
 * Every event-bus address of curate, in one place. All start with {@value #PREFIX} and are
 * lowercase and dotted: {@code curate.<concern>.<what>}.
 *
 * <p>Published (outbound to lab tools): {@link #KMEANS_PROGRESS}, {@link #TREE_LEVEL},
 * {@link #SAMPLE_RESULT}, {@link #BATCH_STATS}, {@link #TRAIN_PROGRESS}. Request-reply
 * endpoints a lab tool may call: {@link #SAMPLE_REQUEST}, {@link #SAMPLE_CHUNK},
 * {@link #CLUSTER_MEMBERS}, {@link #RUN_STATUS}. Internal endpoints: {@link #KMEANS_RUN},
 * {@link #RUN_EVENTS}, {@link #NODE_LEFT}, the batch stream's {@link #STREAM_START},
 * {@link #STREAM_CREDIT}, {@link #STREAM_BATCH} and the per-shard addresses of
 * {@link #shard}.
 */
public final class Addresses {

    /** The one prefix of every address. */
    public static final String PREFIX = "curate.";

    /** Published: a level started, or one Lloyd iteration finished (JSON, see StatsJson). */
    public static final String KMEANS_PROGRESS = PREFIX + "kmeans.progress";

    /** Published: a tree level finished, with its {@code LevelStats}. */
    public static final String TREE_LEVEL = PREFIX + "tree.level";

    /** Published: a curated sample was drawn, with its summary (no indices). */
    public static final String SAMPLE_RESULT = PREFIX + "sample.result";

    /** Request: draw a curated sample ({@code target}, {@code strategy}, {@code seed}). */
    public static final String SAMPLE_REQUEST = PREFIX + "sample.request";

    /** Request: one chunk of a drawn sample's tile indices ({@code sampleId}, {@code chunk}). */
    public static final String SAMPLE_CHUNK = PREFIX + "sample.chunk";

    /** Request: members of one cluster ({@code level}, {@code cluster}, {@code offset}). */
    public static final String CLUSTER_MEMBERS = PREFIX + "cluster.members";

    /** Request: the run's status (state, level, last message). */
    public static final String RUN_STATUS = PREFIX + "run.status";

    /** Request: run hierarchical k-means over the shards (coordinator). */
    public static final String KMEANS_RUN = PREFIX + "kmeans.run";

    /** Local: run events from the coordinator to the progress publisher. */
    public static final String RUN_EVENTS = PREFIX + "run.events";

    /** Local: the id of a cluster node that left, from the cluster membership. */
    public static final String NODE_LEFT = PREFIX + "node.left";

    /**
     * Publish: ingest progress of the shards, {@code {shard, node, stage, rowsDone,
     * rowsTotal}} with stage {@code VALIDATE} or {@code WRITE}.
     */
    public static final String INGEST_PROGRESS = PREFIX + "ingest.progress";

    /** Request: the page's map, {@code {ready, points, chunkPoints, chunks, layers, ...}}. */
    public static final String MAP_INFO = PREFIX + "map.info";

    /** Request: one chunk of a map array ({@code array}: xy or a layer index, {@code chunk}). */
    public static final String MAP_CHUNK = PREFIX + "map.chunk";

    /** Published: the map was (re)built; pages fetch it again. */
    public static final String MAP_READY = PREFIX + "map.ready";

    /** Request: a tile's thumbnail as PNG bytes ({@code tile}). */
    public static final String TILE_THUMBNAIL = PREFIX + "tile.thumbnail";

    /** Request: a tile's slide, position and cluster path ({@code tile}). */
    public static final String TILE_INFO = PREFIX + "tile.info";

    /** Request: the tree's sizes per level and the spread curve ({@code target}, ...). */
    public static final String TREE_SUMMARY = PREFIX + "tree.summary";

    /** Request: the metadata sample's per-group stats, when a stats.csv was given. */
    public static final String METADATA_STATS = PREFIX + "metadata.stats";

    /** Published: one stratified batch was emitted (see docs/web-page.md for the fields). */
    public static final String BATCH_STATS = PREFIX + "batch.stats";

    /** Published: the trainer finished a step or epoch (loss, learning rate, images/s). */
    public static final String TRAIN_PROGRESS = PREFIX + "train.progress";

    /**
     * Published: one node's status in cluster mode, every second and on change
     * ({@code node}, {@code nodeId}, {@code shard}, {@code state}, {@code rows}, ...; see
     * {@code NodeStatusVerticle}).
     */
    public static final String NODE_STATUS = PREFIX + "node.status";

    /**
     * Local publish: what a store shard does now, {@code {shard, node, state, rows,
     * assignPasses, lastPassRows, lastPassSeconds}} with state {@code idle},
     * {@code assigning} or {@code stopped}; the node's status verticle listens.
     */
    public static final String SHARD_ACTIVITY = PREFIX + "shard.activity";

    /** Request, trainer to streamer: (re)start the stream at batch {@code from}. */
    public static final String STREAM_START = PREFIX + "stream.start";

    /** Send, trainer to streamer: {@code credits} more batches may be sent. */
    public static final String STREAM_CREDIT = PREFIX + "stream.credit";

    /** Send, streamer to trainer: one batch of tile ids (never pixels or embeddings). */
    public static final String STREAM_BATCH = PREFIX + "stream.batch";

    /** Prefix of the per-shard endpoints, {@code curate.shard.<index>.<op>}. */
    public static final String SHARD_PREFIX = PREFIX + "shard.";

    private Addresses() {
    }

    /**
     * Returns the address of one operation of one shard.
     *
     * @param index the shard index, from 0
     * @param op the operation: {@code info}, {@code tiles}, {@code rows}, {@code centroids},
     *     {@code assign} or {@code result}
     * @return {@code curate.shard.<index>.<op>}
     */
    public static String shard(int index, String op) {
        return SHARD_PREFIX + index + "." + op;
    }
}
