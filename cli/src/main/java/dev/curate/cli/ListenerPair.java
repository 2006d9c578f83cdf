package dev.curate.cli;

import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.IterationStats;
import dev.curate.engine.kmeans.LevelStats;
import dev.curate.engine.kmeans.LevelStep;
import dev.curate.engine.tree.TreeLevel;

/** Hands every progress callback to two listeners, the first one first. */
record ListenerPair(HierarchyListener first, HierarchyListener second)
        implements HierarchyListener {

    @Override
    public void onLevelStart(int level, int levels, long inputs, int clusters) {
        first.onLevelStart(level, levels, inputs, clusters);
        second.onLevelStart(level, levels, inputs, clusters);
    }

    @Override
    public void onIteration(int level, int step, IterationStats stats) {
        first.onIteration(level, step, stats);
        second.onIteration(level, step, stats);
    }

    @Override
    public void onInit(int level, int chosen, int k) {
        first.onInit(level, chosen, k);
        second.onInit(level, chosen, k);
    }

    @Override
    public void onStep(LevelStep step) {
        first.onStep(step);
        second.onStep(step);
    }

    @Override
    public void onLevelEnd(LevelStats stats) {
        first.onLevelEnd(stats);
        second.onLevelEnd(stats);
    }

    @Override
    public void onLevelDone(int level, TreeLevel treeLevel) {
        first.onLevelDone(level, treeLevel);
        second.onLevelDone(level, treeLevel);
    }
}
