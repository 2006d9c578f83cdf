package dev.curate.verticles.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.IterationStats;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.verticles.Deployments;
import dev.curate.verticles.RuntimeFixtures;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
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
                        .put("backend", "java").put("node", "node-" + s)
                        .put("nodeId", "id-" + s)));
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
        List<String> initsDone = new ArrayList<>();
        vertx.eventBus().<JsonObject>consumer(Addresses.KMEANS_PROGRESS, m -> {
            if ("iteration".equals(m.body().getString("type"))) {
                iterations.incrementAndGet();
            }
            if ("init".equals(m.body().getString("type"))
                    && m.body().getInteger("chosen").equals(m.body().getInteger("clusters"))) {
                initsDone.add(m.body().getInteger("level") + ":" + m.body().getInteger("chosen"));
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
                    assertEquals(List.of("1:12", "2:3"), initsDone, "k-means++ progress");
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

    @Test
    void nodeLostMidLevelThenResumeGivesTheUninterruptedTree(Vertx vertx, VertxTestContext ctx)
            throws Exception {
        // shard 1's node "dies" on its third assign request of level 1: the request is dropped
        // and the membership event arrives; by then two Lloyd updates are checkpointed
        AtomicInteger assigns = new AtomicInteger();
        String shard1Assign = Addresses.shard(1, "assign");
        vertx.eventBus().addOutboundInterceptor(dc -> {
            if (dc.message().address().equals(shard1Assign) && assigns.incrementAndGet() == 3) {
                vertx.eventBus().publish(Addresses.NODE_LEFT, "id-1");
                return;
            }
            dc.next();
        });
        JsonObject config = new JsonObject().put("backend", "java").put("timeoutMs", 20_000L)
                .put("checkpoint", dir.resolve("lost-checkpoint").toString());
        List<Integer> resumedIterations = new ArrayList<>();
        deploy(vertx, 3, "lost", config)
                .compose(holder -> vertx.eventBus().<JsonObject>request(Addresses.KMEANS_RUN,
                        runRequest(RuntimeFixtures.params(), 3))
                        .transform(first -> {
                            ctx.verify(() -> {
                                assertTrue(first.failed(), "the run must stop");
                                ReplyException r = (ReplyException) first.cause();
                                assertEquals(FailureCode.NODE_LOST.code(), r.failureCode());
                                assertTrue(r.getMessage().contains("shard 1 on node node-1 left "
                                        + "the cluster during level 1"), r.getMessage());
                            });
                            vertx.eventBus().<JsonObject>consumer(Addresses.KMEANS_PROGRESS,
                                    m -> {
                                        if ("iteration".equals(m.body().getString("type"))
                                                && m.body().getInteger("level") == 1
                                                && m.body().getInteger("step") == 0) {
                                            resumedIterations.add(
                                                    m.body().getInteger("iteration"));
                                        }
                                    });
                            return vertx.eventBus().<JsonObject>request(Addresses.KMEANS_RUN,
                                    runRequest(RuntimeFixtures.params(), 3)
                                            .put("resume", true));
                        })
                        .map(second -> {
                            ctx.verify(() -> {
                                assertEquals("level 1, phase 0 after 2 Lloyd updates",
                                        second.body().getString("resumedAt"));
                                assertEquals(0, second.body().getInteger("resumedLevels"));
                            });
                            return holder;
                        }))
                .onComplete(ctx.succeeding(holder -> ctx.verify(() -> {
                    RuntimeFixtures.assertSameTree(expected, holder.tree().orElseThrow());
                    assertEquals(3, resumedIterations.isEmpty() ? -1 : resumedIterations.get(0),
                            "the resumed run goes on with iteration 3: " + resumedIterations);
                    ctx.completeNow();
                })));
        assertTrue(ctx.awaitCompletion(60, TimeUnit.SECONDS));
    }

    @Test
    void nodeLostWhileAHigherLevelRunsStopsAtTheNextIteration(Vertx vertx) {
        ShardedVectorSource source = new ShardedVectorSource(null, List.of(
                new ShardedVectorSource.ShardInfo(0, "node-a", "id-a", new long[] {0, 1}),
                new ShardedVectorSource.ShardInfo(1, "node-b", "id-b", new long[] {2})), 4,
                1000);
        RunEvents events = new RunEvents(vertx.eventBus(), "run-x", source,
                HierarchyListener.NONE);
        source.setLevel(2);
        events.onIteration(2, 0, new IterationStats(1, 10, 5.0, 0,
                3, 100.0, 0.01));
        source.nodeLeft("id-b");
        BusCalls.RemoteCallException e = assertThrows(
                BusCalls.RemoteCallException.class, () -> events.onIteration(2, 0,
                        new IterationStats(2, 10, 4.0, 0, 1, 100.0,
                                0.01)));
        assertEquals("level 2 stopped: shard 1 on node node-b left the cluster during level 2",
                e.getMessage());
    }
}
