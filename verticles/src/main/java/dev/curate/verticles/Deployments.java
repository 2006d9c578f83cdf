package dev.curate.verticles;

import dev.curate.verticles.cluster.NodeStatusVerticle;
import dev.curate.verticles.kmeans.KMeansCoordinatorVerticle;
import dev.curate.verticles.kmeans.TreeHolder;
import dev.curate.verticles.progress.ProgressPublisherVerticle;
import dev.curate.verticles.sample.SamplingVerticle;
import dev.curate.verticles.shard.ShardIngestVerticle;
import dev.curate.verticles.shard.StoreShardVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Deploys the runtime's verticles in one JVM: the coordinator side (progress publisher,
 * k-means coordinator, sampling) and store shards. The CLI and the tests deploy through here.
 */
public final class Deployments {

    /** Longest assign pass a shard may run before Vert.x warns about a blocked worker. */
    public static final long MAX_PASS_MINUTES = 30;

    private Deployments() {
    }

    /**
     * Deploys the progress publisher, the coordinator and the sampling verticle.
     *
     * @param vertx the Vert.x instance
     * @param config the coordinator's config ({@code checkpoint}, {@code backend},
     *     {@code timeoutMs})
     * @return the holder of the coordinator's finished trees, once all three are deployed
     */
    public static Future<TreeHolder> deployCoordinator(Vertx vertx, JsonObject config) {
        TreeHolder holder = new TreeHolder();
        return vertx.deployVerticle(new ProgressPublisherVerticle())
                .compose(id -> vertx.deployVerticle(new KMeansCoordinatorVerticle(holder),
                        new DeploymentOptions().setConfig(config)))
                .compose(id -> vertx.deployVerticle(new SamplingVerticle(holder)))
                .map(id -> holder);
    }

    /**
     * Deploys one store shard as a worker verticle.
     *
     * @param vertx the Vert.x instance
     * @param config the shard's config ({@code store}, {@code shard}, {@code shards},
     *     {@code backend}, {@code node})
     * @return the deployment id
     */
    public static Future<String> deployShard(Vertx vertx, JsonObject config) {
        return vertx.deployVerticle(new StoreShardVerticle(),
                StoreShardVerticle.deploymentOptions(config, MAX_PASS_MINUTES));
    }

    /**
     * Deploys a node's sharded-ingest endpoint, which serves the store as a shard as soon as
     * it holds embeddings (at once when it already does).
     *
     * @param vertx the Vert.x instance
     * @param config the shard's config plus {@code mapSizeBytes}
     * @return the deployment id
     */
    public static Future<String> deployShardNode(Vertx vertx, JsonObject config) {
        return vertx.deployVerticle(new ShardIngestVerticle(),
                ShardIngestVerticle.deploymentOptions(config));
    }

    /**
     * Deploys a node's status publisher; deploy it before the shard so it sees the shard's
     * first state.
     *
     * @param vertx the node's (clustered) Vert.x
     * @param config {@code node}, {@code nodeId}, {@code shard}, {@code shards}, optional
     *     {@code periodMs}
     * @return the deployment id
     */
    public static Future<String> deployNodeStatus(Vertx vertx, JsonObject config) {
        return vertx.deployVerticle(new NodeStatusVerticle(),
                new DeploymentOptions().setConfig(config));
    }
}
