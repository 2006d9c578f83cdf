package dev.curate.verticles.bus;

import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.InitMethod;
import dev.curate.engine.kmeans.IterationStats;
import dev.curate.engine.kmeans.LevelParams;
import dev.curate.engine.kmeans.LevelStats;
import dev.curate.engine.kmeans.SamplingStrategy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JSON form of the engine's stats and params records. Field names are the record components'
 * names, so one setting has one word on the bus and in the code.
 */
public final class StatsJson {

    private StatsJson() {
    }

    /** Returns the JSON form of a finished level's stats. */
    public static JsonObject toJson(LevelStats s) {
        return new JsonObject()
                .put("level", s.level())
                .put("levels", s.levels())
                .put("inputs", s.inputs())
                .put("requestedClusters", s.requestedClusters())
                .put("clusters", s.clusters())
                .put("emptyDropped", s.emptyDropped())
                .put("minSize", s.minSize())
                .put("medianSize", s.medianSize())
                .put("maxSize", s.maxSize())
                .put("objective", s.objective())
                .put("seconds", s.seconds());
    }

    /** Reads a level's stats written by {@link #toJson(LevelStats)}. */
    public static LevelStats levelStats(JsonObject j) {
        return new LevelStats(j.getInteger("level"), j.getInteger("levels"),
                j.getLong("inputs"), j.getInteger("requestedClusters"),
                j.getInteger("clusters"), j.getInteger("emptyDropped"), j.getLong("minSize"),
                j.getLong("medianSize"), j.getLong("maxSize"), j.getDouble("objective"),
                j.getDouble("seconds"));
    }

    /** Returns the JSON form of one iteration's stats. */
    public static JsonObject toJson(IterationStats s) {
        return new JsonObject()
                .put("iteration", s.iteration())
                .put("maxIterations", s.maxIterations())
                .put("objective", s.objective())
                .put("emptyClusters", s.emptyClusters())
                .put("changed", s.changed())
                .put("pointsPerSecond", s.pointsPerSecond())
                .put("seconds", s.seconds());
    }

    /** Reads one iteration's stats written by {@link #toJson(IterationStats)}. */
    public static IterationStats iterationStats(JsonObject j) {
        return new IterationStats(j.getInteger("iteration"), j.getInteger("maxIterations"),
                j.getDouble("objective"), j.getInteger("emptyClusters"), j.getLong("changed"),
                j.getDouble("pointsPerSecond"), j.getDouble("seconds"));
    }

    /** Returns the JSON form of a hierarchy: levels, strategy code, init name and seed. */
    public static JsonObject toJson(HierarchyParams p) {
        JsonArray levels = new JsonArray();
        for (LevelParams l : p.levels()) {
            levels.add(new JsonObject()
                    .put("clusters", l.clusters())
                    .put("resamplingSteps", l.resamplingSteps())
                    .put("sampleSize", l.sampleSize())
                    .put("splits", l.splits())
                    .put("iters", l.iters()));
        }
        return new JsonObject()
                .put("levels", levels)
                .put("strategy", String.valueOf(p.strategy().code()))
                .put("init", p.init().name())
                .put("seed", p.seed());
    }

    /**
     * Reads a hierarchy written by {@link #toJson(HierarchyParams)}.
     *
     * @throws IllegalArgumentException naming the field when one is missing or invalid
     */
    public static HierarchyParams hierarchyParams(JsonObject j) {
        JsonArray levels = j.getJsonArray("levels");
        if (levels == null || levels.isEmpty()) {
            throw new IllegalArgumentException("hierarchy params need a non-empty 'levels' "
                    + "array, got " + j.getValue("levels"));
        }
        List<LevelParams> list = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            JsonObject l = levels.getJsonObject(i);
            list.add(new LevelParams(l.getInteger("clusters", 0),
                    l.getInteger("resamplingSteps", 1), l.getInteger("sampleSize", 1),
                    l.getInteger("splits", 1), l.getInteger("iters", 50)));
        }
        String init = j.getString("init", InitMethod.KMEANS_PLUS_PLUS.name());
        return new HierarchyParams(list, SamplingStrategy.parse(j.getString("strategy", "c")),
                InitMethod.valueOf(init.toUpperCase(Locale.ROOT)), j.getLong("seed", 0L));
    }
}
