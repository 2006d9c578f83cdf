package dev.curate.engine.kmeans;

import dev.curate.engine.accel.AssignBackend;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a cluster tree bottom-up by hierarchical k-means with resampling (Vo et al. 2024,
 * arXiv 2405.15613, section 4 and algorithm 3; SPEC 4.2 to 4.4): level 1 clusters the tile
 * embeddings, level {@code l > 1} clusters the centroids of level {@code l - 1}.
 *
 * <p>Each level's clusters hold their members sorted by distance to the centroid, closest
 * first, ties by member index. Clusters that are empty after a level's final assignment are
 * dropped from the level and the rest renumbered densely (0, 1, ...); the count is in
 * {@link LevelStats#emptyDropped()}, so a level may hold fewer clusters than asked but never an
 * empty or duplicate one. The whole run is deterministic for a seed: every k-means run gets its
 * own seed derived from it.
 */
public final class HierarchicalKMeans {

    private static final Logger LOG = LoggerFactory.getLogger(HierarchicalKMeans.class);

    private HierarchicalKMeans() {
    }

    /**
     * Validates the hierarchy, then builds the tree.
     *
     * <p>Checked before any compute: the hierarchy's cluster counts do not grow (in
     * {@link HierarchyParams}), the row-to-tile map, and level 1 asking for no more clusters
     * than there are rows and distinct rows.
     *
     * @param tiles the tile embeddings, finite; read in scans and by row
     * @param tileIndexOfRow global tile index of every row, strictly increasing, or {@code null}
     *     when row {@code i} is tile {@code i}
     * @param params levels, sampling strategy, init and seed
     * @param backend the assign step for every k-means run; the caller owns and closes it
     * @param listener receives level starts and ends, iterations and finished levels
     * @return the tree; its tile count is the largest tile index plus one
     * @throws IllegalArgumentException on bad input, naming the level and both numbers
     */
    public static ClusterTree build(VectorSource tiles, long[] tileIndexOfRow,
            HierarchyParams params, AssignBackend backend, HierarchyListener listener) {
        return build(tiles, tileIndexOfRow, params, List.of(), backend, listener);
    }

    /**
     * Builds the tree, resuming after the levels an interrupted run already finished: levels
     * {@code 1..m} are taken as given and level {@code m + 1} clusters level {@code m}'s
     * centroids. Every level's seed derives from {@code params.seed()} and the level number
     * only, so the result equals the tree of an uninterrupted run with the same input and
     * params. The listener hears only of the levels built here.
     *
     * @param tiles the tile embeddings, finite; read in scans and by row
     * @param tileIndexOfRow global tile index of every row, strictly increasing, or {@code null}
     *     when row {@code i} is tile {@code i}
     * @param params levels, sampling strategy, init and seed
     * @param finishedLevels levels {@code 1..m} ({@code 0 <= m <= depth}) as an earlier run
     *     with the same {@code tiles} and {@code params} handed them to
     *     {@link HierarchyListener#onLevelDone}; the caller checks that input and params match
     * @param backend the assign step for every k-means run; the caller owns and closes it
     * @param listener receives level starts and ends, iterations and finished levels
     * @return the tree; its tile count is the largest tile index plus one
     * @throws IllegalArgumentException on bad input, or finished levels that cannot come from
     *     this input and hierarchy, naming the level and both numbers
     */
    public static ClusterTree build(VectorSource tiles, long[] tileIndexOfRow,
            HierarchyParams params, List<TreeLevel> finishedLevels, AssignBackend backend,
            HierarchyListener listener) {
        return build(tiles, tileIndexOfRow, params, finishedLevels, null, backend, listener);
    }

    /**
     * Builds the tree, resuming inside the first unfinished level: after the levels an
     * interrupted run finished, level {@code m + 1} continues from {@code step}, the last
     * {@link HierarchyListener#onStep} that run reported for it. The result equals the tree
     * of an uninterrupted run with the same input and params; the listener hears only of the
     * steps after {@code step}.
     *
     * @param tiles the tile embeddings, finite; read in scans and by row
     * @param tileIndexOfRow global tile index of every row, strictly increasing, or {@code null}
     *     when row {@code i} is tile {@code i}
     * @param params levels, sampling strategy, init and seed
     * @param finishedLevels levels {@code 1..m} as in
     *     {@link #build(VectorSource, long[], HierarchyParams, List, AssignBackend,
     *     HierarchyListener)}
     * @param step a step of level {@code m + 1}, or {@code null} to start that level afresh
     * @param backend the assign step for every k-means run; the caller owns and closes it
     * @param listener receives level starts and ends, iterations, steps and finished levels
     * @return the tree; its tile count is the largest tile index plus one
     * @throws IllegalArgumentException on bad input, or a step that is not of level
     *     {@code m + 1} or does not fit its params
     */
    public static ClusterTree build(VectorSource tiles, long[] tileIndexOfRow,
            HierarchyParams params, List<TreeLevel> finishedLevels, LevelStep step,
            AssignBackend backend, HierarchyListener listener) {
        long[] tileIds = tileIds(tiles, tileIndexOfRow);
        List<TreeLevel> levels = new ArrayList<>(finishedLevels);
        checkFinished(tiles, tileIds, params, levels);
        if (step != null && (step.level() != levels.size() + 1 || step.level() > params.depth()
                || step.k() > params.levels().get(step.level() - 1).clusters())) {
            throw new IllegalArgumentException("cannot resume at " + step + " (k = " + step.k()
                    + ") after " + levels.size() + " finished levels of a hierarchy "
                    + params.levels());
        }
        if (levels.isEmpty()) {
            checkFirstLevel(tiles, params.levels().get(0).clusters());
        }
        LOG.info("hierarchical k-means: {} rows x {} dims, {} levels {}, strategy {}, init {}, "
                + "seed {}, backend {}, {} levels already finished", tiles.rows(), tiles.dim(),
                params.depth(), params.levels(), params.strategy(), params.init(), params.seed(),
                backend.name(), levels.size());
        KMeans kmeans = new KMeans(backend);
        for (int l = levels.size() + 1; l <= params.depth(); l++) {
            VectorSource input = l == 1 ? tiles : centroidsOf(levels.get(l - 2), tiles.dim());
            LevelStep from = step != null && step.level() == l ? step : null;
            levels.add(buildLevel(kmeans, input, l, params, l == 1 ? tileIds : null, from,
                    listener));
        }
        return new ClusterTree(levels, tileIds[tileIds.length - 1] + 1);
    }

    private static FloatMatrix centroidsOf(TreeLevel level, int dim) {
        return new FloatMatrix(level.centroids(), level.clusterCount(), dim);
    }

    /** Checks that finished levels fit the hierarchy, the input's shape and its tiles. */
    private static void checkFinished(VectorSource tiles, long[] tileIds, HierarchyParams params,
            List<TreeLevel> finished) {
        if (finished.size() > params.depth()) {
            throw new IllegalArgumentException(finished.size() + " finished levels given but "
                    + "the hierarchy has only " + params.depth());
        }
        for (int l = 1; l <= finished.size(); l++) {
            TreeLevel level = finished.get(l - 1);
            int asked = params.levels().get(l - 1).clusters();
            if (!level.hasCentroids() || level.dim() != tiles.dim()) {
                throw new IllegalArgumentException("finished level " + l + " has centroids of "
                        + level.dim() + " dims but the input has " + tiles.dim());
            }
            if (level.clusterCount() > asked) {
                throw new IllegalArgumentException("finished level " + l + " has "
                        + level.clusterCount() + " clusters but the hierarchy asks for "
                        + asked);
            }
        }
        if (!finished.isEmpty()) {
            long[] members = finished.get(0).members().clone();
            Arrays.sort(members);
            if (!Arrays.equals(members, tileIds)) {
                throw new IllegalArgumentException("finished level 1 holds " + members.length
                        + " tiles that are not the input's " + tileIds.length + " tiles");
            }
            new ClusterTree(finished, tileIds[tileIds.length - 1] + 1);
        }
    }

    private static long[] tileIds(VectorSource tiles, long[] tileIndexOfRow) {
        long n = tiles.rows();
        if (n < 1 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("hierarchical k-means needs 1 to "
                    + (Integer.MAX_VALUE - 8) + " rows, got " + n);
        }
        if (tileIndexOfRow == null) {
            long[] ids = new long[(int) n];
            Arrays.setAll(ids, i -> i);
            return ids;
        }
        if (tileIndexOfRow.length != n) {
            throw new IllegalArgumentException("tileIndexOfRow has " + tileIndexOfRow.length
                    + " entries but the embeddings have " + n + " rows");
        }
        for (int i = 0; i < tileIndexOfRow.length; i++) {
            if (tileIndexOfRow[i] < 0 || (i > 0 && tileIndexOfRow[i] <= tileIndexOfRow[i - 1])) {
                throw new IllegalArgumentException("tileIndexOfRow must be non-negative and "
                        + "strictly increasing; row " + i + " has " + tileIndexOfRow[i]
                        + (i > 0 ? " after " + tileIndexOfRow[i - 1] : ""));
            }
        }
        return tileIndexOfRow;
    }

    private static void checkFirstLevel(VectorSource tiles, int k) {
        if (k > tiles.rows()) {
            throw new IllegalArgumentException("level 1 asks for " + k + " clusters but the "
                    + "input has only " + tiles.rows() + " rows");
        }
        int distinct = DistinctRows.countUpTo(tiles, k);
        if (distinct < k) {
            throw new IllegalArgumentException("level 1 asks for " + k + " clusters but the "
                    + "input's " + tiles.rows() + " rows hold only " + distinct
                    + " distinct vectors");
        }
    }

    private static TreeLevel buildLevel(KMeans kmeans, VectorSource input, int l,
            HierarchyParams params, long[] tileIds, LevelStep from, HierarchyListener listener) {
        LevelParams lp = params.levels().get(l - 1);
        if (lp.clusters() > input.rows()) {
            throw new IllegalArgumentException("level " + l + " asks for " + lp.clusters()
                    + " clusters but level " + (l - 1) + " produced " + input.rows()
                    + " non-empty clusters");
        }
        listener.onLevelStart(l, params.depth(), input.rows(), lp.clusters());
        long start = System.nanoTime();
        LevelClustering.Outcome o;
        try {
            o = new LevelClustering(kmeans, params.init(), params.strategy(), listener, l)
                    .run(input, lp, Seeds.derive(params.seed(), l), from);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("level " + l + ": " + e.getMessage(), e);
        }
        LevelBuild built = LevelBuild.of(o, input.dim(), tileIds);
        double seconds = (System.nanoTime() - start) / 1e9;
        LevelStats stats = built.stats(l, params.depth(), input.rows(), o.requested(), seconds);
        LOG.info("level {}/{}: {} clusters ({} empty dropped), {} inputs, sizes {}/{}/{} "
                + "min/median/max, {} s", l, params.depth(), stats.clusters(),
                stats.emptyDropped(), stats.inputs(), stats.minSize(), stats.medianSize(),
                stats.maxSize(), String.format("%.2f", seconds));
        listener.onLevelEnd(stats);
        listener.onLevelDone(l, built.level());
        return built.level();
    }
}
