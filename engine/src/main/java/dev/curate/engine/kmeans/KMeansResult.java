package dev.curate.engine.kmeans;

/**
 * The outcome of one k-means run. Labels, distances and sizes come from a final assignment to
 * the returned centroids, so they agree with them exactly. The arrays are owned by the result.
 *
 * @param centroids row-major {@code k x dim} centroids; an empty cluster keeps its last centroid
 * @param k number of centroids
 * @param dim dimension
 * @param labels nearest centroid of every input row
 * @param distances squared distance of every row to its centroid
 * @param sizes number of rows per centroid
 * @param emptyClusters number of centroids with no row in the final assignment
 * @param objective sum of {@code distances}, accumulated in float64
 * @param iterations Lloyd iterations (centroid updates) done, at most the requested number
 */
public record KMeansResult(float[] centroids, int k, int dim, int[] labels, float[] distances,
        long[] sizes, int emptyClusters, double objective, int iterations) {
}
