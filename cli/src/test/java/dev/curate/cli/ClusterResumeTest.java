package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.InitMethod;
import dev.curate.engine.kmeans.LevelParams;
import dev.curate.engine.kmeans.LevelStep;
import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code curate cluster} stopped after any checkpointed step resumes inside the level, from
 * that step, and ends with the tree of an uninterrupted run.
 */
class ClusterResumeTest {

    private static final ClusterCommand.Run RUN = new ClusterCommand.Run(new HierarchyParams(
            List.of(new LevelParams(12, 3, 5, 1, 20), new LevelParams(3, 1, 1, 1, 20)),
            SamplingStrategy.CLOSEST, InitMethod.KMEANS_PLUS_PLUS, 4L), "java", false,
            List.of());

    @TempDir
    static Path tmp;

    static Path pool;
    static Path tiles;
    static ClusterTree expected;
    static List<String> steps = new ArrayList<>();

    @BeforeAll
    static void uninterrupted() throws Exception {
        pool = CliFixtures.writeBlobs(tmp.resolve("pool.npy"), 6, 100, 21);
        tiles = CliFixtures.writeTileCsv(tmp.resolve("tiles.csv"), 600);
        try (TileStore store = ingest("whole")) {
            expected = ClusterCommand.cluster(store, RUN, new PrintWriter(new StringWriter()),
                    new HierarchyListener() {
                        @Override
                        public void onStep(LevelStep step) {
                            steps.add(step.toString());
                        }
                    });
        }
    }

    static TileStore ingest(String name) {
        String store = tmp.resolve(name).toString();
        CliRun r = CliRun.of("ingest", "--store", store, "--embeddings", pool.toString(),
                "--tiles", tiles.toString());
        assertEquals(0, r.exitCode(), r.describe());
        return TileStore.open(Path.of(store));
    }

    @Test
    void aRunStoppedInItsInitialisationSaysSoWhenRunAgain() {
        try (TileStore store = ingest("stop-init")) {
            assertThrows(IllegalStateException.class, () -> ClusterCommand.cluster(store, RUN,
                    new PrintWriter(new StringWriter()), new HierarchyListener() {
                        @Override
                        public void onInit(int level, int chosen, int k) {
                            if (chosen == 5) {
                                throw new IllegalStateException("stopped in the init");
                            }
                        }
                    }));
            StringWriter out = new StringWriter();
            ClusterTree again = ClusterCommand.cluster(store, RUN, new PrintWriter(out),
                    HierarchyListener.NONE);
            assertTrue(out.toString().contains("an earlier run of these settings stopped "
                    + "before its first checkpoint"), out.toString());
            assertArrayEquals(expected.level(1).members(), again.level(1).members());
            StringWriter third = new StringWriter();
            ClusterCommand.cluster(store, RUN, new PrintWriter(third), HierarchyListener.NONE);
            assertFalse(third.toString().contains("stopped before"), third.toString());
        }
    }

    /** Stops the run by throwing from the listener right after the step {@code stopped}. */
    @ParameterizedTest
    @ValueSource(strings = {"level 1, phase 0 after 2 Lloyd updates", "level 1, after phase 0",
        "level 1, after phase 1", "level 2, phase 0 after 1 Lloyd updates"})
    void stoppedAfterAStepResumesThereWithTheSameTree(String stopped) {
        int stopAfter = steps.indexOf(stopped) + 1;
        assertTrue(stopAfter > 0, "the uninterrupted run reports " + stopped + ": " + steps);
        try (TileStore store = ingest("stop-" + stopAfter)) {
            List<String> seen = new ArrayList<>();
            IllegalStateException crash = assertThrows(IllegalStateException.class,
                    () -> ClusterCommand.cluster(store, RUN, new PrintWriter(new StringWriter()),
                            new HierarchyListener() {
                                @Override
                                public void onStep(LevelStep step) {
                                    seen.add(step.toString());
                                    if (seen.size() == stopAfter) {
                                        throw new IllegalStateException("stopped");
                                    }
                                }
                            }));
            assertEquals("stopped", crash.getMessage());
            assertTrue(store.tree().isEmpty(), "no partial tree is stored as the tree");

            StringWriter out = new StringWriter();
            List<String> after = new ArrayList<>();
            ClusterTree resumed = ClusterCommand.cluster(store, RUN, new PrintWriter(out),
                    new HierarchyListener() {
                        @Override
                        public void onStep(LevelStep step) {
                            after.add(step.toString());
                        }
                    });
            assertTrue(out.toString().contains("resuming an interrupted run at " + stopped
                    + " (of 2 levels)"), out.toString());
            assertEquals(steps.subList(stopAfter, steps.size()), after);
            for (int l = 1; l <= 2; l++) {
                assertArrayEquals(expected.level(l).members(), resumed.level(l).members());
                assertArrayEquals(expected.level(l).offsets(), resumed.level(l).offsets());
                assertArrayEquals(expected.level(l).centroids(), resumed.level(l).centroids(),
                        0f);
            }
            assertTrue(store.runStateBytes(ClusterCheckpoint.STEP_KEY).isEmpty(),
                    "a finished run clears its step checkpoint");
        }
    }
}
