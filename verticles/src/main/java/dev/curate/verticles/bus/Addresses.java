package dev.curate.verticles.bus;

/**
 * Every event-bus address of curate, in one place. All start with {@value #PREFIX} and are
 * lowercase and dotted: {@code curate.<concern>.<what>}.
 *
 * <p>Published (outbound to lab tools): {@link #KMEANS_PROGRESS}, {@link #TREE_LEVEL},
 * {@link #SAMPLE_RESULT}. Request-reply endpoints a lab tool may call: {@link #SAMPLE_REQUEST},
 * {@link #SAMPLE_CHUNK}, {@link #CLUSTER_MEMBERS}, {@link #RUN_STATUS}. Internal endpoints:
 * {@link #KMEANS_RUN}, {@link #RUN_EVENTS}, {@link #NODE_LEFT} and the per-shard addresses
 * of {@link #shard}.
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
