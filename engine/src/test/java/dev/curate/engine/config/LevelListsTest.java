package dev.curate.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curate.engine.kmeans.InitMethod;
import dev.curate.engine.kmeans.LevelParams;
import dev.curate.engine.kmeans.SamplingStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelListsTest {

    private static LevelLists.Result cli(Integer levels, List<Integer> clusters,
            List<Integer> steps, List<Integer> sizes) {
        return CurationConfig.fromLists(levels, clusters, steps, sizes, null, 20,
                SamplingStrategy.CLOSEST, InitMethod.KMEANS_PLUS_PLUS, -1);
    }

    @Test
    void c20aParsesThreeLevelsWithNegativeSeed() {
        LevelLists.Result r = cli(3, List.of(20000, 2000, 200), List.of(5, 5, 5),
                List.of(10, 5, 3));
        assertEquals(List.of(new LevelParams(20000, 5, 10, 1, 20),
                new LevelParams(2000, 5, 5, 1, 20), new LevelParams(200, 5, 3, 1, 20)),
                r.params().levels());
        assertEquals(-1, r.params().seed());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void c20bShortClusterListNamesTheOptions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cli(3, List.of(20000, 2000), null, List.of(10, 5, 3)));
        assertEquals("--clusters has 2 values but --levels is 3", e.getMessage());
    }

    @Test
    void levelsDefaultToClusterCountAndOmittedListsToOne() {
        LevelLists.Result r = cli(null, List.of(9, 3), null, null);
        assertEquals(List.of(new LevelParams(9, 1, 1, 1, 20), new LevelParams(3, 1, 1, 1, 20)),
                r.params().levels());
    }

    @Test
    void longerSampleSizesWarnAndShorterFail() {
        LevelLists.Result r = cli(2, List.of(9, 3), List.of(2, 2), List.of(4, 2, 1));
        assertEquals(List.of("--sample-sizes has 3 values but --levels is 2; ignoring the extra "
                + "values [1]"), r.warnings());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cli(2, List.of(9, 3), List.of(2, 2), List.of(4)));
        assertEquals("--sample-sizes has 1 values but --levels is 2", e.getMessage());
    }

    @Test
    void resamplingWithoutSampleSizesIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cli(2, List.of(9, 3), List.of(1, 4), null));
        assertEquals("--sample-sizes is required: level 2 has 4 resampling steps", e.getMessage());
    }

    @Test
    void outOfRangeValueNamesTheLevel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cli(2, List.of(9, 0), null, null));
        assertEquals("level 2: clusters must be at least 1, got 0", e.getMessage());
    }
}
