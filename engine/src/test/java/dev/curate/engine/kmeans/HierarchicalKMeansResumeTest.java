package dev.curate.engine.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curate.engine.accel.JavaAssignBackend;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HierarchicalKMeansResumeTest {

    private static final HierarchyParams PARAMS = new HierarchyParams(List.of(
            new LevelParams(24, 3, 4, 1, 10), new LevelParams(8, 2, 2, 1, 10),
            new LevelParams(3, 1, 1, 1, 10)), SamplingStrategy.RANDOM,
            InitMethod.KMEANS_PLUS_PLUS, 42);

    private static final FloatMatrix TILES = KMeansTest.blobs(600, 5, 12, 7);

    private static long[] ids() {
        long[] ids = new long[600];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 3L * i + 1;
        }
        return ids;
    }

    private static ClusterTree build(List<TreeLevel> finished, HierarchyListener listener) {
        return HierarchicalKMeans.build(TILES, ids(), PARAMS, finished, new JavaAssignBackend(),
                listener);
    }

    private static void assertSameTree(ClusterTree want, ClusterTree got) {
        assertEquals(want.depth(), got.depth());
        assertEquals(want.tileCount(), got.tileCount());
        for (int l = 1; l <= want.depth(); l++) {
            TreeLevel a = want.level(l);
            TreeLevel b = got.level(l);
            assertArrayEquals(a.offsets(), b.offsets(), "offsets of level " + l);
            assertArrayEquals(a.members(), b.members(), "members of level " + l);
            assertArrayEquals(a.centroids(), b.centroids(), 0f, "centroids of level " + l);
            assertEquals(a.dim(), b.dim());
        }
    }

    @Test
    void resumingAfterEachFinishedLevelGivesTheUninterruptedTree() {
        List<TreeLevel> checkpoints = new ArrayList<>();
        HierarchyListener recorder = new HierarchyListener() {
            @Override
            public void onLevelDone(int level, TreeLevel treeLevel) {
                checkpoints.add(treeLevel);
            }
        };
        ClusterTree full = build(List.of(), recorder);
        assertEquals(3, checkpoints.size());
        for (int m = 1; m <= 3; m++) {
            List<Integer> built = new ArrayList<>();
            ClusterTree resumed = build(checkpoints.subList(0, m), new HierarchyListener() {
                @Override
                public void onLevelStart(int level, int levels, long inputs, int clusters) {
                    built.add(level);
                }
            });
            assertSameTree(full, resumed);
            List<Integer> expected = new ArrayList<>();
            for (int l = m + 1; l <= 3; l++) {
                expected.add(l);
            }
            assertEquals(expected, built);
            assertSame(checkpoints.get(0), resumed.level(1), "level 1 is taken as given");
        }
    }

    @Test
    void resumingFromEveryReportedStepGivesTheUninterruptedTree() {
        List<TreeLevel> checkpoints = new ArrayList<>();
        List<LevelStep> steps = new ArrayList<>();
        ClusterTree full = build(List.of(), new HierarchyListener() {
            @Override
            public void onStep(LevelStep step) {
                steps.add(step);
            }

            @Override
            public void onLevelDone(int level, TreeLevel treeLevel) {
                checkpoints.add(treeLevel);
            }
        });
        // level 1: the k-means++ init, Lloyd updates, then 3 finished phases; levels 2 and 3 too
        assertEquals(new LevelStep(1, 0, 0, 24, new float[24 * 5], null).toString(),
                steps.get(0).toString());
        long lloyd = steps.stream().filter(s -> s.level() == 1 && !s.phaseDone()).count();
        long phases = steps.stream().filter(s -> s.level() == 1 && s.phaseDone()).count();
        assertEquals(3, phases);
        assertEquals(true, lloyd >= 3, "level 1 ran " + lloyd + " Lloyd steps");
        for (int i = 0; i < steps.size(); i++) {
            LevelStep at = steps.get(i);
            List<LevelStep> heard = new ArrayList<>();
            ClusterTree resumed = HierarchicalKMeans.build(TILES, ids(), PARAMS,
                    checkpoints.subList(0, at.level() - 1), at, new JavaAssignBackend(),
                    new HierarchyListener() {
                        @Override
                        public void onStep(LevelStep step) {
                            heard.add(step);
                        }
                    });
            assertSameTree(full, resumed);
            assertEquals(steps.subList(i + 1, steps.size()).stream().map(LevelStep::toString)
                    .toList(), heard.stream().map(LevelStep::toString).toList(),
                    "steps heard after resuming at " + at);
        }
    }

    @Test
    void rejectsAStepOfAnotherLevel() {
        LevelStep step = new LevelStep(2, 0, 0, 8, new float[8 * 5], null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HierarchicalKMeans.build(TILES, ids(), PARAMS, List.of(), step,
                        new JavaAssignBackend(), HierarchyListener.NONE));
        assertEquals("cannot resume at level 2, phase 0 after 0 Lloyd updates (k = 8) after 0 "
                + "finished levels of a hierarchy " + PARAMS.levels(), e.getMessage());
    }

    @Test
    void anotherSeedGivesAnotherTreeSoTheComparisonCanFail() {
        ClusterTree a = build(List.of(), HierarchyListener.NONE);
        ClusterTree b = HierarchicalKMeans.build(TILES, ids(), new HierarchyParams(
                PARAMS.levels(), PARAMS.strategy(), PARAMS.init(), 43), new JavaAssignBackend(),
                HierarchyListener.NONE);
        assertThrows(AssertionError.class, () -> assertSameTree(a, b));
    }

    @Test
    void rejectsAFinishedLevelOfOtherTiles() {
        ClusterTree other = HierarchicalKMeans.build(TILES, null, PARAMS, new JavaAssignBackend(),
                HierarchyListener.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(List.of(other.level(1)), HierarchyListener.NONE));
        assertEquals("finished level 1 holds 600 tiles that are not the input's 600 tiles",
                e.getMessage());
    }

    @Test
    void rejectsMoreFinishedLevelsThanTheHierarchyHas() {
        ClusterTree full = build(List.of(), HierarchyListener.NONE);
        List<TreeLevel> four = new ArrayList<>(full.levels());
        four.add(full.level(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(four, HierarchyListener.NONE));
        assertEquals("4 finished levels given but the hierarchy has only 3", e.getMessage());
    }
}
