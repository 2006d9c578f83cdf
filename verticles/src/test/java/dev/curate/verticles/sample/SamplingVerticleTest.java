package dev.curate.verticles.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.HierarchicalSampler;
import dev.curate.engine.tree.TreeLevel;
import dev.curate.verticles.RuntimeFixtures;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.FailureCode;
import dev.curate.verticles.kmeans.TreeHolder;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Curated samples and cluster members over the bus equal the engine's. */
@ExtendWith(VertxExtension.class)
class SamplingVerticleTest {

    @TempDir
    static Path dir;

    static ClusterTree tree;

    @BeforeAll
    static void pool() {
        tree = RuntimeFixtures.engineTree(RuntimeFixtures.ingestPool(dir),
                RuntimeFixtures.params());
    }

    @Test
    void sampleInChunksEqualsTheEngineSample(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        TreeHolder holder = new TreeHolder();
        holder.set(tree);
        long[] expected = HierarchicalSampler.sample(tree, new HierarchicalSampler.Request(
                25_000, 30, SamplingStrategy.CLOSEST, 3)).indices();
        long[] got = new long[expected.length];
        vertx.deployVerticle(new SamplingVerticle(holder))
                .compose(id -> vertx.eventBus().<JsonObject>request(Addresses.SAMPLE_REQUEST,
                        new JsonObject().put("target", 25_000).put("multiplier", 30)
                                .put("seed", 3)))
                .compose(summary -> {
                    ctx.verify(() -> {
                        assertEquals(expected.length, summary.body().getInteger("size"));
                        assertEquals(3, summary.body().getInteger("chunks"));
                    });
                    String id = summary.body().getString("sampleId");
                    return vertx.eventBus().<JsonObject>request(Addresses.SAMPLE_CHUNK,
                            new JsonObject().put("sampleId", id).put("chunk", 0))
                            .compose(c0 -> copy(c0.body(), got).compose(x -> vertx.eventBus()
                                    .<JsonObject>request(Addresses.SAMPLE_CHUNK, new JsonObject()
                                            .put("sampleId", id).put("chunk", 1))))
                            .compose(c1 -> copy(c1.body(), got).compose(x -> vertx.eventBus()
                                    .<JsonObject>request(Addresses.SAMPLE_CHUNK, new JsonObject()
                                            .put("sampleId", id).put("chunk", 2))))
                            .compose(c2 -> copy(c2.body(), got));
                })
                .onComplete(ctx.succeeding(x -> ctx.verify(() -> {
                    assertEquals(25_000, expected.length);
                    assertArrayEquals(expected, got);
                    ctx.completeNow();
                })));
        assertTrue(ctx.awaitCompletion(30, TimeUnit.SECONDS));
    }

    private static io.vertx.core.Future<Void> copy(JsonObject chunk, long[] into) {
        JsonArray a = chunk.getJsonArray("indices");
        int from = chunk.getInteger("chunk") * SamplingVerticle.MAX_INDICES_PER_CHUNK;
        for (int i = 0; i < a.size(); i++) {
            into[from + i] = a.getLong(i);
        }
        return io.vertx.core.Future.succeededFuture();
    }

    @Test
    void membersOfAClusterAreTheTreeMembers(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        TreeHolder holder = new TreeHolder();
        holder.set(tree);
        TreeLevel level1 = tree.level(1);
        long[] expected = Arrays.copyOfRange(level1.members(), (int) level1.offsets()[4],
                (int) level1.offsets()[5]);
        vertx.deployVerticle(new SamplingVerticle(holder))
                .compose(id -> vertx.eventBus().<JsonObject>request(Addresses.CLUSTER_MEMBERS,
                        new JsonObject().put("level", 1).put("cluster", 4)))
                .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
                    JsonArray m = reply.body().getJsonArray("members");
                    long[] got = new long[m.size()];
                    Arrays.setAll(got, m::getLong);
                    assertArrayEquals(expected, got);
                    assertEquals(expected.length, reply.body().getLong("size"));
                    ctx.completeNow();
                })));
        assertTrue(ctx.awaitCompletion(30, TimeUnit.SECONDS));
    }

    @Test
    void unknownClusterAndNoTreeFailWithCodes(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        TreeHolder holder = new TreeHolder();
        vertx.deployVerticle(new SamplingVerticle(holder))
                .compose(id -> vertx.eventBus().<JsonObject>request(Addresses.SAMPLE_REQUEST,
                        new JsonObject().put("target", 10)))
                .onComplete(ctx.failing(noTree -> {
                    ctx.verify(() -> assertEquals(FailureCode.NOT_READY.code(),
                            ((ReplyException) noTree).failureCode()));
                    holder.set(tree);
                    vertx.eventBus().<JsonObject>request(Addresses.CLUSTER_MEMBERS,
                            new JsonObject().put("level", 1).put("cluster", 99))
                            .onComplete(ctx.failing(e -> ctx.verify(() -> {
                                ReplyException r = (ReplyException) e;
                                assertEquals(FailureCode.NOT_FOUND.code(), r.failureCode());
                                assertEquals("curate.cluster.members: level 1 cluster 99 does"
                                        + " not exist; levels 1..2, clusters 0.."
                                        + (tree.level(1).clusterCount() - 1), r.getMessage());
                                ctx.completeNow();
                            })));
                }));
        assertTrue(ctx.awaitCompletion(30, TimeUnit.SECONDS));
    }
}
