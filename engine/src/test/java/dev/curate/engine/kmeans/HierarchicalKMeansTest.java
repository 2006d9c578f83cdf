package dev.curate.engine.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.accel.JavaAssignBackend;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HierarchicalKMeansTest {

    private static HierarchyParams params(SamplingStrategy s, long seed, LevelParams... levels) {
        return new HierarchyParams(List.of(levels), s, InitMethod.KMEANS_PLUS_PLUS, seed);
    }

    private static ClusterTree build(VectorSource x, long[] ids, HierarchyParams p,
            HierarchyListener l) {
        return HierarchicalKMeans.build(x, ids, p, new JavaAssignBackend(), l);
    }

    @Test
    void c02cGrowingClusterCountsFailBeforeAnyCompute() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> params(SamplingStrategy.CLOSEST, 1, new LevelParams(4, 1, 1, 1, 5),
                        new LevelParams(8, 1, 1, 1, 5), new LevelParams(2, 1, 1, 1, 5)));
        assertEquals("level 2 asks for 8 clusters but level 1 produces at most 4",
                e.getMessage());
    }

    @Test
    void firstLevelWithMoreClustersThanDistinctTilesFailsBeforeAnyCompute() {
        float[] data = new float[40];
        for (int i = 0; i < 40; i++) {
            data[i] = i % 3;
        }
        List<String> events = new ArrayList<>();
        HierarchyListener spy = new HierarchyListener() {
            @Override
            public void onLevelStart(int level, int levels, long inputs, int clusters) {
                events.add("start " + level);
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(new FloatMatrix(data, 40, 1), null, params(SamplingStrategy.CLOSEST,
                        1, new LevelParams(4, 1, 1, 1, 5), new LevelParams(2, 1, 1, 1, 5)), spy));
        assertEquals("level 1 asks for 4 clusters but the input's 40 rows hold only 3 distinct "
                + "vectors", e.getMessage());
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void rejectsATileMapThatIsNotIncreasing() {
        FloatMatrix x = KMeansTest.blobs(3, 2, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> build(x, new long[] {0, 5, 5}, params(SamplingStrategy.CLOSEST, 1,
                        new LevelParams(2, 1, 1, 1, 5)), HierarchyListener.NONE));
        assertEquals("tileIndexOfRow must be non-negative and strictly increasing; row 2 has 5 "
                + "after 5", e.getMessage());
    }

    @Test
    void oneLevelHoldsEveryTileOnceUnderItsGlobalIndexSortedByDistance() {
        FloatMatrix x = KMeansTest.blobs(500, 4, 6, 3);
        long[] ids = new long[500];
        for (int i = 0; i < 500; i++) {
            ids[i] = 1000 + 2L * i;
        }
        ClusterTree tree = build(x, ids, params(SamplingStrategy.CLOSEST, 5,
                new LevelParams(6, 1, 1, 1, 10)), HierarchyListener.NONE);
        assertEquals(1, tree.depth());
        assertEquals(1000 + 2 * 499 + 1, tree.tileCount());
        TreeLevel level = tree.level(1);
        long[] sorted = level.members().clone();
        Arrays.sort(sorted);
        assertArrayEquals(ids, sorted);
        assertMembersSortedByDistance(level, x, ids);
    }

    @Test
    void threeLevelsWithResamplingIndexTheLevelBelowAndRepeatForASeed() {
        FloatMatrix x = KMeansTest.blobs(2000, 6, 40, 17);
        HierarchyParams p = params(SamplingStrategy.RANDOM, 11,
                new LevelParams(60, 3, 10, 1, 8), new LevelParams(12, 2, 3, 1, 8),
                new LevelParams(3, 1, 1, 1, 8));
        List<LevelStats> stats = new ArrayList<>();
        List<Integer> done = new ArrayList<>();
        HierarchyListener record = new HierarchyListener() {
            @Override
            public void onLevelEnd(LevelStats s) {
                stats.add(s);
            }

            @Override
            public void onLevelDone(int level, TreeLevel treeLevel) {
                done.add(level);
            }
        };
        ClusterTree tree = build(x, null, p, record);
        assertEquals(3, tree.depth());
        assertEquals(List.of(1, 2, 3), done);
        for (int l = 1; l <= 3; l++) {
            TreeLevel level = tree.level(l);
            long universe = l == 1 ? 2000 : tree.level(l - 1).clusterCount();
            long[] sorted = level.members().clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                assertEquals(i, sorted[i], "level " + l + " covers every input once");
            }
            assertEquals(universe, sorted.length);
            LevelStats s = stats.get(l - 1);
            assertEquals(level.clusterCount(), s.clusters());
            assertEquals(p.levels().get(l - 1).clusters(), s.clusters() + s.emptyDropped());
            assertTrue(s.minSize() >= 1 && s.minSize() <= s.medianSize()
                    && s.medianSize() <= s.maxSize(), s.toString());
        }
        assertEquals(2000, tree.flatSizes(3)[0] + tree.flatSizes(3)[1] + tree.flatSizes(3)[2]);
        ClusterTree again = build(x, null, p, HierarchyListener.NONE);
        for (int l = 1; l <= 3; l++) {
            assertArrayEquals(tree.level(l).members(), again.level(l).members());
            assertArrayEquals(tree.level(l).offsets(), again.level(l).offsets());
            assertArrayEquals(tree.level(l).centroids(), again.level(l).centroids(), 0f);
        }
    }

    @Test
    void upperLevelClustersTheCentroidsOfTheLevelBelow() {
        FloatMatrix x = KMeansTest.blobs(800, 3, 10, 23);
        ClusterTree tree = build(x, null, params(SamplingStrategy.CLOSEST, 2,
                new LevelParams(10, 1, 1, 1, 10), new LevelParams(4, 1, 1, 1, 10)),
                HierarchyListener.NONE);
        TreeLevel below = tree.level(1);
        FloatMatrix centroids = new FloatMatrix(below.centroids(), below.clusterCount(), 3);
        assertMembersSortedByDistance(tree.level(2), centroids, null);
    }

    @Test
    void c03EmptyClustersAreDroppedFromTheLevelAndCounted() {
        // 2 distinct rows but a level-1 k of 2 with splits 2: each cluster holds one distinct
        // value, so both splits of each cluster collapse to 1 and 2 requested sub-clusters drop
        FloatMatrix x = new FloatMatrix(new float[] {0, 0, 0, 10, 10, 10}, 6, 1);
        List<LevelStats> stats = new ArrayList<>();
        HierarchyListener l = new HierarchyListener() {
            @Override
            public void onLevelEnd(LevelStats s) {
                stats.add(s);
            }
        };
        ClusterTree tree = build(x, null, params(SamplingStrategy.CLOSEST, 4,
                new LevelParams(2, 1, 1, 2, 5)), l);
        TreeLevel level = tree.level(1);
        assertEquals(2, level.clusterCount());
        assertEquals(2, stats.get(0).emptyDropped());
        for (float v : level.centroids()) {
            assertTrue(v == 0f || v == 10f, "centroid " + v);
        }
        assertEquals(3, level.size(0));
        assertEquals(3, level.size(1));
    }

    private static void assertMembersSortedByDistance(TreeLevel level, FloatMatrix x,
            long[] ids) {
        int d = x.dim();
        for (int c = 0; c < level.clusterCount(); c++) {
            float previous = -1f;
            for (long i = level.offsets()[c]; i < level.offsets()[c + 1]; i++) {
                long member = level.members()[(int) i];
                int row = ids == null ? (int) member : Arrays.binarySearch(ids, member);
                float dist = 0f;
                for (int j = 0; j < d; j++) {
                    float t = x.get(row, j) - level.centroids()[c * d + j];
                    dist += t * t;
                }
                assertTrue(dist >= previous - 1e-4f, "cluster " + c + " member " + member);
                previous = dist;
            }
        }
    }
}
