package dev.curate.verticles.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.GroupStatsReader.GroupStats;
import dev.curate.engine.io.TileTable;
import dev.curate.engine.kmeans.FloatMatrix;
import dev.curate.engine.projection.PcaProjection;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import dev.curate.verticles.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's data over the bus equals the engine's map, tree and stats. */
class VizDataVerticleTest {

    private Vertx vertx;
    private VizDataVerticle viz;

    /** Ten tiles on two slides; the C01 tree: c0={0}, c1={1,2}, c2={3..9}; T0={c0,c1}. */
    static final float[] VECTORS = {0, 0, 1, 0, 2, 1, 3, 1, 4, 2, 5, 2, 6, 3, 7, 3, 8, 5, 9, 4};

    static ClusterTree tree() {
        TreeLevel level1 = new TreeLevel(new long[] {0, 1, 3, 10},
                new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, null, 0);
        TreeLevel level2 = new TreeLevel(new long[] {0, 2, 3}, new long[] {0, 1, 2}, null, 0);
        return new ClusterTree(List.of(level1, level2), 10);
    }

    static VizData data() {
        TileTable tiles = new TileTable(List.of("s-a", "s-b"),
                new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, new int[10], new int[10]);
        Map<String, Map<String, String>> meta = Map.of("s-a", Map.of("site", "Lung"),
                "s-b", Map.of("site", "Colon"));
        return VizData.ofStore(new FloatMatrix(VECTORS, 10, 2), tiles, tree(),
                slide -> Optional.ofNullable(meta.get(slide)), null);
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        viz = new VizDataVerticle();
        await(vertx.deployVerticle(viz, VizDataVerticle.deploymentOptions()));
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private <T> T ask(String address, JsonObject body) throws Exception {
        return await(vertx.eventBus().<T>request(address, body)).body();
    }

    private ReplyException refused(String address, JsonObject body) throws Exception {
        try {
            ask(address, body);
        } catch (java.util.concurrent.ExecutionException e) {
            return (ReplyException) e.getCause();
        }
        throw new AssertionError(address + " " + body + " was answered");
    }

    @Test
    void beforePublishTheMapIsNotReady() throws Exception {
        assertEquals(new JsonObject().put("ready", false), ask(Addresses.MAP_INFO,
                new JsonObject()));
        ReplyException e = refused(Addresses.MAP_CHUNK, new JsonObject().put("chunk", 0));
        assertEquals(409, e.failureCode());
        assertEquals("no map yet: the run has not built one", e.getMessage());
    }

    @Test
    void infoAndChunksCarryTheEnginesMapAndLayers() throws Exception {
        viz.publish(data());

        JsonObject info = ask(Addresses.MAP_INFO, new JsonObject());
        assertEquals(10, info.getInteger("points"));
        assertEquals(1, info.getInteger("chunks"));
        assertEquals("pca", info.getString("source"));
        assertEquals(new JsonArray().add("level 1").add("level 2").add("slide").add("site"),
                new JsonArray(info.getJsonArray("layers").stream()
                        .map(l -> ((JsonObject) l).getString("name")).toList()));
        assertEquals(new JsonArray().add("Lung").add("Colon"), info.getJsonArray("layers")
                .getJsonObject(3).getJsonArray("names"));

        Buffer xy = ask(Addresses.MAP_CHUNK, new JsonObject().put("array", "xy")
                .put("chunk", 0));
        float[] expected = PcaProjection.project(new FloatMatrix(VECTORS, 10, 2),
                VizData.PCA_ITERATIONS).xy();
        float[] got = new float[20];
        for (int i = 0; i < 20; i++) {
            got[i] = xy.getFloatLE(4 * i);
        }
        assertArrayEquals(expected, got);

        Buffer level2 = ask(Addresses.MAP_CHUNK, new JsonObject().put("array", "1")
                .put("chunk", 0));
        int[] codes = new int[10];
        for (int i = 0; i < 10; i++) {
            codes[i] = level2.getIntLE(4 * i);
        }
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 1, 1, 1, 1}, codes);
    }

    @Test
    void badChunkRequestsNameTheValue() throws Exception {
        viz.publish(data());
        ReplyException layer = refused(Addresses.MAP_CHUNK, new JsonObject().put("array", "9")
                .put("chunk", 0));
        assertEquals(400, layer.failureCode());
        assertEquals("map array '9' unknown; expected xy or a layer index 0..3",
                layer.getMessage());
        ReplyException chunk = refused(Addresses.MAP_CHUNK, new JsonObject().put("chunk", 1));
        assertEquals("chunk 1 out of range; expected an integer 0..0", chunk.getMessage());
    }

    @Test
    void tileInfoGivesSlideAndClusterPath() throws Exception {
        viz.publish(data());
        JsonObject t = ask(Addresses.TILE_INFO, new JsonObject().put("tile", 2));
        assertEquals("s-a", t.getString("slide"));
        assertEquals(new JsonObject().put("level 1", 1).put("level 2", 0).put("slide", "s-a")
                .put("site", "Lung"), t.getJsonObject("layers"));
        ReplyException none = refused(Addresses.TILE_THUMBNAIL, new JsonObject()
                .put("tile", 2));
        assertEquals(404, none.failureCode());
        assertEquals("this map (pca) has no tile source for thumbnails", none.getMessage());
    }

    @Test
    void treeSummaryHasFlatSizesAndTheSpreadAtTarget() throws Exception {
        viz.publish(data());
        JsonObject s = ask(Addresses.TREE_SUMMARY, new JsonObject().put("target", 6)
                .put("multiplier", 2).put("seed", 11));
        assertEquals(new JsonArray().add(1).add(2).add(7), s.getJsonArray("levels")
                .getJsonObject(0).getJsonArray("flatSizes"));
        JsonObject spread = s.getJsonObject("spread");
        assertEquals(new JsonArray().add(3).add(7), spread.getJsonArray("full"));
        assertEquals(new JsonArray().add(3).add(3), spread.getJsonArray("curated"));
        assertEquals(0.0, spread.getJsonObject("curatedSummary").getDouble("cv"));
        JsonArray curve = s.getJsonArray("curve");
        assertEquals(20, curve.getJsonObject(curve.size() - 1).getLong("target"));
        assertTrue(curve.size() >= 5, "curve of " + curve.size() + " targets");
    }

    @Test
    void metadataStatsWhenGivenOtherwiseNotFound() throws Exception {
        viz.publish(data());
        assertEquals(404, refused(Addresses.METADATA_STATS, new JsonObject()).failureCode());
        viz.publish(data().withGroups(List.of(new GroupStats("Lung", 100, 2, 10, 2, 10.0,
                false))));
        JsonObject g = ask(Addresses.METADATA_STATS, new JsonObject());
        assertEquals(new JsonObject().put("group", "Lung").put("fullTiles", 100L)
                .put("fullSlides", 2L).put("sampledTiles", 10L).put("sampledSlides", 2L)
                .put("fairShare", 10.0).put("exhausted", false),
                g.getJsonArray("groups").getJsonObject(0));
    }
}
