package dev.curate.engine.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.accel.BlasAssignBackend;
import dev.curate.engine.accel.JavaAssignBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KMeansTest {

    private final KMeans kmeans = new KMeans(new JavaAssignBackend());

    /** Gaussian blobs: {@code k} centres in [-5, 5)^d, unit-0.3 noise, seeded. */
    static FloatMatrix blobs(int n, int d, int k, long seed) {
        Random rnd = new Random(seed);
        float[] centres = new float[k * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = 10f * rnd.nextFloat() - 5f;
        }
        float[] data = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(k);
            for (int j = 0; j < d; j++) {
                data[i * d + j] = centres[c * d + j] + 0.3f * (float) rnd.nextGaussian();
            }
        }
        return new FloatMatrix(data, n, d);
    }

    @Test
    void c02aTwoDistinctVectorsGiveSizes100And149AndExactCentroids() {
        int d = 512;
        float[] data = new float[249 * d];
        Arrays.fill(data, 0, 100 * d, 0.1f);
        Arrays.fill(data, 100 * d, 249 * d, -0.1f);
        KMeansResult r = kmeans.run(new FloatMatrix(data, 249, d),
                new KMeansParams(2, 10, InitMethod.KMEANS_PLUS_PLUS, 436), KMeansListener.NONE);
        long[] sizes = r.sizes().clone();
        Arrays.sort(sizes);
        assertArrayEquals(new long[] {100, 149}, sizes);
        assertEquals(0, r.emptyClusters());
        int u = r.labels()[0];
        assertEquals(1 - u, r.labels()[100]);
        float[] uRow = new float[d];
        Arrays.fill(uRow, 0.1f);
        float[] vRow = new float[d];
        Arrays.fill(vRow, -0.1f);
        assertArrayEquals(uRow, Arrays.copyOfRange(r.centroids(), u * d, u * d + d), 0f);
        assertArrayEquals(vRow, Arrays.copyOfRange(r.centroids(), (1 - u) * d, (2 - u) * d), 0f);
    }

    @ParameterizedTest
    @EnumSource(InitMethod.class)
    void c02bRejectsMoreClustersThanDistinctRows(InitMethod init) {
        float[] data = new float[40];
        for (int i = 0; i < 10; i++) {
            Arrays.fill(data, i * 4, i * 4 + 4, i < 4 ? 1f : i < 7 ? 2f : 3f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kmeans.run(new FloatMatrix(data, 10, 4), new KMeansParams(5, 5, init, 1),
                        KMeansListener.NONE));
        assertEquals("k = 5 clusters asked for but the input's 10 rows hold only 3 distinct "
                + "vectors", e.getMessage());
    }

    @Test
    void c03IdenticalRowsWithKMeansPlusPlusK2NameOneDistinct() {
        float[] data = {1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kmeans.run(new FloatMatrix(data, 4, 2),
                        new KMeansParams(2, 5, InitMethod.KMEANS_PLUS_PLUS, 3),
                        KMeansListener.NONE));
        assertTrue(e.getMessage().contains("only 1 distinct"), e.getMessage());
    }

    @Test
    void rejectsMoreClustersThanRowsNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kmeans.run(new FloatMatrix(new float[] {1f, 2f, 3f}, 3, 1),
                        new KMeansParams(4, 5, InitMethod.RANDOM, 3), KMeansListener.NONE));
        assertEquals("k = 4 clusters asked for but the input has only 3 rows", e.getMessage());
    }

    @Test
    void c03EmptyClusterKeepsItsCentroidAndIsCounted() {
        FloatMatrix data = new FloatMatrix(new float[] {0, 0, 0, 10, 10, 10}, 6, 1);
        List<IterationStats> stats = new ArrayList<>();
        KMeansResult r = kmeans.runFrom(data, new float[] {0f, 10f, 100f}, 3, 5, stats::add);
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, r.labels());
        assertArrayEquals(new long[] {3, 3, 0}, r.sizes());
        assertArrayEquals(new float[] {0f, 10f, 100f}, r.centroids(), 0f);
        assertEquals(1, r.emptyClusters());
        assertEquals(0.0, r.objective());
        assertEquals(1, stats.get(0).emptyClusters());
        assertEquals(2, stats.size(), "stops once no label changes");
    }

    @Test
    void rejectsNonFiniteInputAtTheFirstAssign() {
        FloatMatrix data = new FloatMatrix(new float[] {0f, Float.NaN, 2f}, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kmeans.runFrom(data, new float[] {0f}, 1, 3, KMeansListener.NONE));
        assertTrue(e.getMessage().contains("NaN or Inf"), e.getMessage());
    }

    @Test
    void kmeansPlusPlusReportsEveryCentreItChoosesThenTheStates() {
        FloatMatrix data = blobs(400, 3, 6, 2);
        List<String> heard = new ArrayList<>();
        kmeans.run(data, new KMeansParams(6, 2, InitMethod.KMEANS_PLUS_PLUS, 9),
                new KMeansListener() {
                    @Override
                    public void onIteration(IterationStats stats) {
                        heard.add("iteration " + stats.iteration());
                    }

                    @Override
                    public void onInit(int chosen, int k) {
                        heard.add("init " + chosen + "/" + k);
                    }

                    @Override
                    public void onState(int iteration, float[] centroids, float[] previous) {
                        heard.add("state " + iteration);
                    }
                });
        // iteration 2 changes no label, so the run stops there with no update and no state 2
        assertEquals(List.of("init 1/6", "init 2/6", "init 3/6", "init 4/6", "init 5/6",
                "init 6/6", "state 0", "iteration 1", "state 1", "iteration 2"), heard);
    }

    @ParameterizedTest
    @EnumSource(InitMethod.class)
    void objectiveNeverIncreases(InitMethod init) {
        FloatMatrix data = blobs(3000, 8, 12, 7);
        List<IterationStats> stats = new ArrayList<>();
        KMeansResult r = kmeans.run(data, new KMeansParams(20, 15, init, 9), stats::add);
        for (int i = 1; i < stats.size(); i++) {
            double before = stats.get(i - 1).objective();
            double after = stats.get(i).objective();
            assertTrue(after <= before * (1 + 1e-6), "iteration " + (i + 1) + ": " + after
                    + " > " + before);
        }
        assertTrue(r.objective() <= stats.get(stats.size() - 1).objective() * (1 + 1e-6));
        double recomputed = 0;
        for (float f : r.distances()) {
            recomputed += f;
        }
        assertEquals(recomputed, r.objective(), 1e-9 * recomputed);
        assertEquals(3000, Arrays.stream(r.sizes()).sum());
    }

    @ParameterizedTest
    @EnumSource(InitMethod.class)
    void initialisationNeverPicksDuplicateCentres(InitMethod init) {
        float[] data = new float[200 * 2];
        for (int i = 0; i < 200; i++) {
            data[2 * i] = i % 6;
            data[2 * i + 1] = i % 6 == 5 ? 1e-20f : 0f;
        }
        KMeansResult r = new KMeans(new JavaAssignBackend()).run(new FloatMatrix(data, 200, 2),
                new KMeansParams(6, 3, init, 5), KMeansListener.NONE);
        Set<String> centres = new HashSet<>();
        for (int c = 0; c < 6; c++) {
            centres.add(r.centroids()[2 * c] + "," + r.centroids()[2 * c + 1]);
        }
        assertEquals(6, centres.size(), centres.toString());
        assertEquals(0, r.emptyClusters());
    }

    @Test
    void sameSeedSameCentroidsAndLabels() {
        FloatMatrix data = blobs(2000, 6, 10, 3);
        KMeansParams p = new KMeansParams(10, 10, InitMethod.KMEANS_PLUS_PLUS, 42);
        KMeansResult a = kmeans.run(data, p, KMeansListener.NONE);
        KMeansResult b = kmeans.run(data, p, KMeansListener.NONE);
        assertArrayEquals(a.centroids(), b.centroids(), 0f);
        assertArrayEquals(a.labels(), b.labels());
        KMeansResult other = kmeans.run(data, new KMeansParams(10, 10,
                InitMethod.KMEANS_PLUS_PLUS, 43), KMeansListener.NONE);
        assertFalse(Arrays.equals(a.centroids(), other.centroids()));
    }

    @Test
    void kEqualToRowsReproducesThePoints() {
        FloatMatrix data = blobs(50, 3, 5, 11);
        KMeansResult r = kmeans.run(data, new KMeansParams(50, 5, InitMethod.KMEANS_PLUS_PLUS,
                1), KMeansListener.NONE);
        assertEquals(0.0, r.objective());
        assertEquals(0, r.emptyClusters());
        for (int i = 0; i < 50; i++) {
            int c = r.labels()[i];
            for (int j = 0; j < 3; j++) {
                assertEquals(data.get(i, j), r.centroids()[c * 3 + j], 0f, "row " + i);
            }
        }
    }

    @Test
    void moreClustersGiveLowerError() {
        FloatMatrix data = blobs(4000, 10, 30, 21);
        double previous = Double.POSITIVE_INFINITY;
        for (int k : new int[] {2, 8, 30, 60}) {
            double obj = kmeans.run(data, new KMeansParams(k, 15, InitMethod.KMEANS_PLUS_PLUS, 4),
                    KMeansListener.NONE).objective();
            assertTrue(obj < previous, "k=" + k + ": " + obj + " >= " + previous);
            previous = obj;
        }
    }

    @Test
    void cpuFastBackendGivesTheSameClustering() {
        FloatMatrix data = blobs(3000, 16, 8, 5);
        KMeansParams p = new KMeansParams(8, 10, InitMethod.KMEANS_PLUS_PLUS, 8);
        KMeansResult java = kmeans.run(data, p, KMeansListener.NONE);
        try (BlasAssignBackend blas = new BlasAssignBackend()) {
            KMeansResult fast = new KMeans(blas).run(data, p, KMeansListener.NONE);
            assertArrayEquals(java.labels(), fast.labels());
            assertArrayEquals(java.centroids(), fast.centroids(), 1e-5f);
        }
    }

    @Test
    void blockedSourceGivesTheSameResultAsOneMatrix() {
        FloatMatrix data = blobs(1500, 4, 6, 2);
        VectorSource blocked = new BlockedSource(data, 128);
        KMeansParams p = new KMeansParams(6, 8, InitMethod.KMEANS_PLUS_PLUS, 77);
        KMeansResult a = kmeans.run(data, p, KMeansListener.NONE);
        KMeansResult b = kmeans.run(blocked, p, KMeansListener.NONE);
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.centroids(), b.centroids(), 0f);
        assertArrayEquals(a.distances(), b.distances(), 0f);
    }

    /** A source that hands out small blocks, like a store-backed one. */
    record BlockedSource(FloatMatrix m, int block) implements VectorSource {
        @Override
        public long rows() {
            return m.rows();
        }

        @Override
        public int dim() {
            return m.dim();
        }

        @Override
        public void scan(int maxRows, BlockVisitor visitor) {
            m.scan(Math.min(maxRows, block), visitor);
        }

        @Override
        public void readRow(long row, float[] dst, int offset) {
            m.readRow(row, dst, offset);
        }
    }
}
