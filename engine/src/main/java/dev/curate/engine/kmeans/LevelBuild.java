package dev.curate.engine.kmeans;

import dev.curate.engine.tree.TreeLevel;
import java.util.Arrays;

/**
 * Turns a level's clustering into a {@link TreeLevel}: empty clusters dropped and the rest
 * renumbered densely in their order, members sorted by distance to the centroid.
 *
 * @param level the finished level
 * @param sizes member count per kept cluster
 * @param objective sum of squared distances of the members to their centroid
 * @param dropped clusters asked for but not kept
 */
record LevelBuild(TreeLevel level, long[] sizes, double objective, int dropped) {

    /**
     * Builds the level.
     *
     * @param o the clustering
     * @param dim dimension of the centroids
     * @param tileIds member value of each input row on level 1, or {@code null} above it (a
     *     member is then the input row, the cluster number of the level below)
     */
    static LevelBuild of(LevelClustering.Outcome o, int dim, long[] tileIds) {
        int[] newId = new int[o.k()];
        int kept = 0;
        long[] counts = new long[o.k()];
        for (int label : o.labels()) {
            counts[label]++;
        }
        for (int c = 0; c < o.k(); c++) {
            newId[c] = counts[c] > 0 ? kept++ : -1;
        }
        int[] labels = new int[o.labels().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = newId[o.labels()[i]];
        }
        float[] centroids = new float[kept * dim];
        for (int c = 0; c < o.k(); c++) {
            if (newId[c] >= 0) {
                System.arraycopy(o.centroids(), c * dim, centroids, newId[c] * dim, dim);
            }
        }
        SortedClusters sorted = SortedClusters.of(labels, o.distances(), kept);
        long[] offsets = new long[kept + 1];
        long[] sizes = new long[kept];
        for (int c = 0; c < kept; c++) {
            offsets[c + 1] = sorted.offsets()[c + 1];
            sizes[c] = sorted.size(c);
        }
        long[] members = new long[labels.length];
        for (int i = 0; i < members.length; i++) {
            int row = sorted.rows()[i];
            members[i] = tileIds == null ? row : tileIds[row];
        }
        double objective = 0;
        for (float f : o.distances()) {
            objective += f;
        }
        TreeLevel level = new TreeLevel(offsets, members, centroids, dim);
        return new LevelBuild(level, sizes, objective, o.requested() - kept);
    }

    /** Returns the level's statistics. */
    LevelStats stats(int l, int levels, long inputs, int requested, double seconds) {
        long[] s = sizes.clone();
        Arrays.sort(s);
        return new LevelStats(l, levels, inputs, requested, s.length, dropped, s[0],
                s[(s.length - 1) / 2], s[s.length - 1], objective, seconds);
    }
}
