package dev.curate.engine.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.accel.JavaAssignBackend;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LevelClusteringTest {

    /** Labels 0,1,0,1,0,0 with distances chosen so the order inside each cluster is known. */
    private static final SortedClusters GROUPS = SortedClusters.of(
            new int[] {0, 1, 0, 1, 0, 0}, new float[] {3f, 2f, 1f, 0.5f, 1f, 0f}, 2);

    private static LevelClustering level(SamplingStrategy s) {
        return new LevelClustering(new KMeans(new JavaAssignBackend()),
                InitMethod.KMEANS_PLUS_PLUS, s, HierarchyListener.NONE, 1);
    }

    @Test
    void clustersAreSortedClosestFirstTiesByRow() {
        assertArrayEquals(new int[] {0, 4, 6}, GROUPS.offsets());
        assertArrayEquals(new int[] {5, 2, 4, 0, 3, 1}, GROUPS.rows());
    }

    @Test
    void closestStrategyTakesTheRClosestOfEachCluster() {
        int[] picked = level(SamplingStrategy.CLOSEST).pick(GROUPS, 2, new Random(1));
        assertArrayEquals(new int[] {5, 2, 3, 1}, picked);
        int[] all = level(SamplingStrategy.CLOSEST).pick(GROUPS, 10, new Random(1));
        assertArrayEquals(new int[] {5, 2, 4, 0, 3, 1}, all);
    }

    @Test
    void randomStrategyTakesRDistinctMembersPerClusterSeeded() {
        LevelClustering random = level(SamplingStrategy.RANDOM);
        boolean differs = false;
        int[] first = random.pick(GROUPS, 2, new Random(7));
        for (long seed = 0; seed < 20; seed++) {
            int[] picked = random.pick(GROUPS, 2, new Random(seed));
            assertEquals(4, picked.length);
            int[] fromA = Arrays.copyOfRange(picked, 0, 2);
            assertTrue(Arrays.stream(fromA).allMatch(r -> r == 0 || r == 2 || r == 4 || r == 5));
            assertTrue(fromA[0] != fromA[1]);
            int[] fromB = Arrays.copyOfRange(picked, 2, 4);
            Arrays.sort(fromB);
            assertArrayEquals(new int[] {1, 3}, fromB);
            assertArrayEquals(picked, random.pick(GROUPS, 2, new Random(seed)));
            differs |= !Arrays.equals(first, picked);
        }
        assertTrue(differs, "20 seeds all drew the same members");
    }

    @Test
    void resamplingStepsWithEitherStrategyGiveAValidDeterministicLevel() {
        FloatMatrix x = KMeansTest.blobs(1200, 5, 8, 13);
        for (SamplingStrategy s : SamplingStrategy.values()) {
            LevelParams p = new LevelParams(8, 3, 40, 1, 10);
            LevelClustering.Outcome a = level(s).run(x, p, 99, null);
            LevelClustering.Outcome b = level(s).run(x, p, 99, null);
            assertArrayEquals(a.labels(), b.labels());
            assertArrayEquals(a.centroids(), b.centroids(), 0f);
            assertEquals(8, a.k());
            KMeansResult check = new KMeans(new JavaAssignBackend()).assign(x, a.centroids(), 8);
            assertArrayEquals(check.labels(), a.labels(), "labels are the final assign-all");
        }
    }

    @Test
    void resamplingCentroidsComeFromTheSampleOnly() {
        // two tight groups plus one far outlier in group B: the closest-r sample leaves the
        // outlier out, so B's centroid is the mean of its tight points, not pulled by it
        float[] data = {0f, 0.1f, 0.2f, 0.3f, 10f, 10.1f, 10.2f, 10.3f, 30f};
        FloatMatrix x = new FloatMatrix(data, 9, 1);
        LevelClustering.Outcome o = level(SamplingStrategy.CLOSEST)
                .run(x, new LevelParams(2, 2, 4, 1, 10), 5, null);
        float[] c = o.centroids().clone();
        Arrays.sort(c);
        assertEquals(0.15f, c[0], 1e-6f);
        assertEquals(10.15f, c[1], 1e-5f);
        assertEquals(o.labels()[4], o.labels()[8], "the outlier still joins B in assign-all");
    }

    @Test
    void splittingDropsSubClustersThatCannotForm() {
        // cluster around 0 has 2 distinct values, cluster around 100 has 5: splits 3 -> 2 + 3
        float[] data = {0f, 0f, 1f, 1f, 100f, 101f, 102f, 103f, 104f};
        FloatMatrix x = new FloatMatrix(data, 9, 1);
        LevelClustering.Outcome o = level(SamplingStrategy.CLOSEST)
                .run(x, new LevelParams(2, 1, 1, 3, 10), 3, null);
        assertEquals(5, o.k());
        assertEquals(6, o.requested());
        LevelBuild built = LevelBuild.of(o, 1, null);
        assertEquals(5, built.level().clusterCount());
        assertEquals(1, built.dropped());
        assertFalse(Arrays.stream(built.sizes()).anyMatch(s -> s == 0));
        assertEquals(9, Arrays.stream(built.sizes()).sum());
    }
}
