package dev.curate.verticles.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.IterationStats;
import dev.curate.engine.kmeans.LevelStats;
import dev.curate.verticles.RuntimeFixtures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class StatsJsonTest {

    @Test
    void recordsRoundTripThroughJsonText() {
        LevelStats level = new LevelStats(1, 2, 1200, 12, 11, 1, 40, 100, 180, 812.5, 0.25);
        IterationStats it = new IterationStats(3, 10, 99.5, 2, 17, 48000.0, 0.025);
        HierarchyParams params = RuntimeFixtures.params();
        assertEquals(level, StatsJson.levelStats(new JsonObject(
                StatsJson.toJson(level).encode())));
        assertEquals(it, StatsJson.iterationStats(new JsonObject(
                StatsJson.toJson(it).encode())));
        assertEquals(params, StatsJson.hierarchyParams(new JsonObject(
                StatsJson.toJson(params).encode())));
        assertEquals("{\"levels\":[{\"clusters\":12,\"resamplingSteps\":3,\"sampleSize\":20,"
                + "\"splits\":1,\"iters\":10},{\"clusters\":3,\"resamplingSteps\":1,"
                + "\"sampleSize\":1,\"splits\":1,\"iters\":10}],\"strategy\":\"c\","
                + "\"init\":\"KMEANS_PLUS_PLUS\",\"seed\":7}",
                StatsJson.toJson(params).encode());
    }

    @Test
    void rejectsParamsWithoutLevels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StatsJson.hierarchyParams(new JsonObject().put("seed", 1)));
        assertEquals("hierarchy params need a non-empty 'levels' array, got null",
                e.getMessage());
    }

    @Test
    void everyAddressHasThePrefix() {
        for (String a : new String[] {Addresses.KMEANS_PROGRESS, Addresses.TREE_LEVEL,
                Addresses.SAMPLE_RESULT, Addresses.SAMPLE_REQUEST, Addresses.SAMPLE_CHUNK,
                Addresses.CLUSTER_MEMBERS, Addresses.RUN_STATUS, Addresses.KMEANS_RUN,
                Addresses.RUN_EVENTS, Addresses.shard(2, "assign")}) {
            assertEquals(true, a.startsWith("curate.") && a.equals(a.toLowerCase()), a);
        }
        assertEquals("curate.shard.2.assign", Addresses.shard(2, "assign"));
    }
}
