package dev.curate.verticles.kmeans;

import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.LevelStep;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The coordinator's checkpoint: a small tile store in its own folder that holds the finished
 * levels of the current run as a partial tree, an entry naming the run and how many levels
 * are final, and the last step of the level in progress: after every Lloyd update of the
 * level's first k-means and after every finished resampling phase ({@link LevelStep}). Each
 * write is one LMDB transaction, and the level entry is written after the tree, so a crash
 * leaves either the old or the new checkpoint, never a mix. Used from the coordinator's run
 * thread only.
 */
// LIMIT: the k-means runs of a resampling step (on its sample, on the coordinator) and the
// splitting of a level are not checkpointed inside; a resumed run redoes that one phase.
final class CoordinatorCheckpoint implements HierarchyListener, AutoCloseable {

    static final String KEY = "coordinator.checkpoint";

    static final String STEP_KEY = "coordinator.step";

    private static final long MAP_SIZE_BYTES = 4L << 30;

    private final TileStore store;
    private final String fingerprint;
    private final long tileCount;
    private final List<TreeLevel> levels = new ArrayList<>();

    private CoordinatorCheckpoint(TileStore store, String fingerprint, long tileCount) {
        this.store = store;
        this.fingerprint = fingerprint;
        this.tileCount = tileCount;
    }

    /**
     * Opens the checkpoint in {@code dir} for a run.
     *
     * @param dir the checkpoint folder, created when missing
     * @param params the run's params, as text
     * @param tiles the global tile index of every row
     */
    static CoordinatorCheckpoint open(Path dir, String params, long[] tiles) {
        String fp = "params=" + params + "; rows=" + tiles.length + "; tiles="
                + Arrays.hashCode(tiles);
        return new CoordinatorCheckpoint(TileStore.open(dir, MAP_SIZE_BYTES), fp,
                tiles[tiles.length - 1] + 1);
    }

    /** Returns the levels an earlier run of the same job finished, or none. */
    List<TreeLevel> finishedLevels() {
        Optional<String> saved = store.runState(KEY);
        Optional<ClusterTree> tree = store.tree();
        if (saved.isEmpty() || tree.isEmpty()) {
            return List.of();
        }
        int cut = saved.get().lastIndexOf('\n');
        if (!saved.get().substring(0, cut).equals(fingerprint)) {
            return List.of();
        }
        int count = Integer.parseInt(saved.get().substring(cut + 1));
        levels.clear();
        levels.addAll(tree.get().levels().subList(0, count));
        return List.copyOf(levels);
    }

    /**
     * Returns the last step an earlier run of the same job reported for the level after its
     * finished ones, or none. Call after {@link #finishedLevels}.
     */
    Optional<LevelStep> lastStep() {
        return store.runStateBytes(STEP_KEY).flatMap(b -> LevelStep.decode(b, fingerprint))
                .filter(step -> step.level() == levels.size() + 1);
    }

    /** Forgets any earlier run, before a fresh start. */
    void clear() {
        store.removeRunState(KEY);
        store.removeRunState(STEP_KEY);
        levels.clear();
    }

    @Override
    public void onStep(LevelStep step) {
        store.putRunStateBytes(STEP_KEY, step.encode(fingerprint));
    }

    @Override
    public void onLevelDone(int level, TreeLevel treeLevel) {
        levels.add(treeLevel);
        store.putTree(new ClusterTree(levels, tileCount));
        store.putRunState(KEY, fingerprint + "\n" + levels.size());
    }

    @Override
    public void close() {
        store.close();
    }
}
