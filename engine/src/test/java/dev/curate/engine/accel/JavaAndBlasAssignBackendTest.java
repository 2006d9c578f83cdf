package dev.curate.engine.accel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JavaAndBlasAssignBackendTest {

    @Test
    void javaBackendMatchesPlainReferenceOnSeparatedData() {
        float[] centres = AssignFixtures.centres(37, 19, 11);
        float[] points = AssignFixtures.separatedPoints(3001, 19, centres, 37, 12);
        int[] labels = new int[3001];
        new JavaAssignBackend().assign(points, 3001, 19, centres, 37, labels, null, null, null);
        assertArrayEquals(AssignFixtures.referenceLabels(points, 3001, 19, centres, 37), labels);
        for (int i = 0; i < 3001; i++) {
            assertEquals(i % 37, labels[i], "point " + i);
        }
    }

    @Test
    void blasBackendMatchesJavaBackendLabelsSumsAndDistances() {
        int n = 2500;
        int d = 33;
        int k = 21;
        float[] centres = AssignFixtures.centres(k, d, 5);
        float[] points = AssignFixtures.separatedPoints(n, d, centres, k, 6);
        int[] javaLabels = new int[n];
        float[] javaDist = new float[n];
        ClusterSums javaSums = new ClusterSums(k, d);
        long[] javaCounts = new long[k];
        new JavaAssignBackend().assign(points, n, d, centres, k, javaLabels, javaDist, javaSums,
                javaCounts);
        int[] blasLabels = new int[n];
        float[] blasDist = new float[n];
        ClusterSums blasSums = new ClusterSums(k, d);
        long[] blasCounts = new long[k];
        try (BlasAssignBackend blas = new BlasAssignBackend()) {
            blas.assign(points, n, d, centres, k, blasLabels, blasDist, blasSums, blasCounts);
        }
        assertArrayEquals(AssignFixtures.referenceLabels(points, n, d, centres, k), blasLabels);
        assertArrayEquals(javaLabels, blasLabels);
        assertArrayEquals(javaCounts, blasCounts);
        assertEquals(javaSums, blasSums);
        assertArrayEquals(javaDist, blasDist, 0f);
    }

    @Test
    void sumsAreAddedToNotCleared() {
        float[] points = {0f, 10f, 11f};
        float[] centroids = {0f, 10f};
        ClusterSums sums = new ClusterSums(2, 1);
        sums.addRow(0, new float[] {1f}, 0);
        sums.addRow(1, new float[] {2f}, 0);
        long[] counts = {1, 1};
        int[] labels = new int[3];
        new JavaAssignBackend().assign(points, 3, 1, centroids, 2, labels, null, sums, counts);
        assertArrayEquals(new int[] {0, 1, 1}, labels);
        assertArrayEquals(new double[] {1.0, 23.0}, sums.toDoubles(), 0.0);
        assertArrayEquals(new long[] {2, 3}, counts);
    }

    @Test
    void tiesGoToTheLowerCentroid() {
        float[] points = {5f, 0f};
        float[] centroids = {0f, 0f, 10f, 0f, 0f, 0f};
        int[] labels = new int[1];
        int[] blasLabels = new int[1];
        new JavaAssignBackend().assign(points, 1, 2, centroids, 3, labels, null, null, null);
        try (BlasAssignBackend blas = new BlasAssignBackend()) {
            blas.assign(points, 1, 2, centroids, 3, blasLabels, null, null, null);
        }
        assertEquals(0, labels[0]);
        assertEquals(0, blasLabels[0]);
    }

    @Test
    void rejectsShortArraysNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new JavaAssignBackend().assign(new float[5], 3, 2, new float[2], 1,
                        new int[3], null, null, null));
        assertTrue(e.getMessage().contains("points holds 5"), e.getMessage());
    }
}
