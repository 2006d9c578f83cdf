package dev.curate.engine.kmeans;

import dev.curate.engine.tree.TreeLevel;

/**
 * Receives the progress of a hierarchical k-means run; every method does nothing by default.
 * Called on the thread that runs the build; keep it quick.
 */
public interface HierarchyListener {

    /** A listener that ignores everything. */
    HierarchyListener NONE = new HierarchyListener() { };

    /**
     * Called when a level starts.
     *
     * @param level the level, from 1
     * @param levels number of levels
     * @param inputs points to cluster on this level
     * @param clusters clusters asked for
     */
    default void onLevelStart(int level, int levels, long inputs, int clusters) {
    }

    /**
     * Called after each Lloyd iteration of any k-means run of the level.
     *
     * @param level the level, from 1
     * @param step the resampling step from 0, or {@code -1} for the k-means runs of splitting
     * @param stats the iteration's stats
     */
    default void onIteration(int level, int step, IterationStats stats) {
    }

    /**
     * Called while the k-means++ initialisation of a level's first k-means chooses its
     * centres, after each one.
     *
     * @param level the level, from 1
     * @param chosen centres chosen so far
     * @param k centres to choose
     */
    default void onInit(int level, int chosen, int k) {
    }

    /**
     * Called after each step of a level that a resumed run can continue from (see
     * {@link LevelStep}), so the caller can checkpoint it.
     *
     * @param step where the level stands (its arrays are copies the listener may keep)
     */
    default void onStep(LevelStep step) {
    }

    /**
     * Called when a level is finished, with its statistics.
     *
     * @param stats the level's cluster counts, sizes and time
     */
    default void onLevelEnd(LevelStats stats) {
    }

    /**
     * Called when a level is finished, with the level itself, so the caller can checkpoint it.
     *
     * @param level the level, from 1
     * @param treeLevel the finished level (owned by the tree; do not change its arrays)
     */
    default void onLevelDone(int level, TreeLevel treeLevel) {
    }
}
