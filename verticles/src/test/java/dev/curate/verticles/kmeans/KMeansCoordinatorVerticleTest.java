package dev.curate.verticles.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.verticles.Deployments;
import dev.curate.verticles.RuntimeFixtures;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.FailureCode;
import dev.curate.verticles.bus.StatsJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator and shards on one JVM give the engine's tree exactly. */
@ExtendWith(VertxExtension.class)
class KMeansCoordinatorVerticleTest {

    @TempDir
    static Path dir;

    static Path store;
    static ClusterTree expected;

    @BeforeAll
    static void pool() {
        store = RuntimeFixtures.ingestPool(dir.resolve("pool"));
        expected = RuntimeFixtures.engineTree(store, RuntimeFixtures.params());
    }

    /** Deploys the coordinator side and {@code shards} shards, each on its own store copy. */
    static Future<TreeHolder> deploy(Vertx vertx, int shards, String name, JsonObject config) {
        return Deployments.deployCoordinator(vertx, config).compose(holder -> {
            List<Future<String>> all = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                Path copy = RuntimeFixtures.copyStore(store, dir.resolve(name + "-shard" + s));
                all.add(Deployments.deployShard(vertx, new JsonObject()
                        .put("store", copy.toString()).put("shard", s).put("shards", shards)
                        .put("backend", "java").put("node", "node-" + s)));
            }
            return Future.all(all).map(x -> holder);
        });
    }

    static JsonObject runRequest(HierarchyParams params, int shards) {
        return new JsonObject().put("params", StatsJson.toJson(params)).put("shards", shards);
    }

    @Test
    void oneShardGivesTheEngineTree(Vertx vertx, VertxTestContext ctx) throws Exception {
        deploy(vertx, 1, "one", new JsonObject().put("backend", "java"))
                .compose(holder -> vertx.eventBus()
                        .<JsonObject>request(Addresses.KMEANS_RUN,
                                runRequest(RuntimeFixtures.params(), 1))
                        .map(reply -> holder))
                .onComplete(ctx.succeeding(holder -> ctx.verify(() -> {
                    RuntimeFixtures.assertSameTree(expected, holder.tree().orElseThrow());
                    ctx.completeNow();
                })));
        assertTrue(ctx.awaitCompletion(60, TimeUnit.SECONDS));
    }

    @Test
    void threeShardsGiveTheEngineTreeAndPublishProgress(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        AtomicInteger iterations = new AtomicInteger();
        List<Integer> levelsDone = new ArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.KMEANS_PROGRESS, m -> {
            if ("iteration".equals(m.body().getString("type"))) {
                iterations.incrementAndGet();
            }
        });
        vertx.eventBus().<JsonObject>consumer(Addresses.TREE_LEVEL,
                m -> levelsDone.add(m.body().getInteger("level")));
        deploy(vertx, 3, "three", new JsonObject().put("backend", "java"))
                .compose(holder -> vertx.eventBus()
                        .<JsonObject>request(Addresses.KMEANS_RUN,
                                runRequest(RuntimeFixtures.params(), 3))
                        .map(reply -> {
                            ctx.verify(() -> {
                                assertEquals(2, reply.body().getInteger("depth"));
                                assertEquals(1200L, reply.body().getLong("tiles"));
                                assertEquals(2, reply.body().getJsonArray("levels").size());
                            });
                            return holder;
                        }))
                .compose(holder -> vertx.eventBus()
                        .<JsonObject>request(Addresses.RUN_STATUS, new JsonObject())
                        .map(status -> {
                            ctx.verify(() -> assertEquals("done",
                                    status.body().getString("state"), status.body().encode()));
                            return holder;
                        }))
                .onComplete(ctx.succeeding(holder -> ctx.verify(() -> {
                    RuntimeFixtures.assertSameTree(expected, holder.tree().orElseThrow());
                    assertEquals(List.of(1, 2), levelsDone);
                    assertTrue(iterations.get() >= 4, "iterations published: " + iterations);
                    ctx.completeNow();
                })));
        assertTrue(ctx.awaitCompletion(60, TimeUnit.SECONDS));
    }

    @Test
    void missingShardFailsNamingTheShard(Vertx vertx, VertxTestContext ctx) throws Exception {
        deploy(vertx, 1, "missing", new JsonObject().put("timeoutMs", 500L))
                .compose(holder -> vertx.eventBus().<JsonObject>request(Addresses.KMEANS_RUN,
                        runRequest(RuntimeFixtures.params(), 2)))
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    ReplyException r = (ReplyException) e;
                    assertEquals(FailureCode.NODE_LOST.code(), r.failureCode());
                    assertTrue(r.getMessage().contains("shard 1"), r.getMessage());
                    ctx.completeNow();
                })));
        assertTrue(ctx.awaitCompletion(30, TimeUnit.SECONDS));
    }
}
