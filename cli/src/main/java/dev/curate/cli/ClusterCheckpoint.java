package dev.curate.cli;

import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.IterationStats;
import dev.curate.engine.kmeans.LevelStats;
import dev.curate.engine.kmeans.LevelStep;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.TreeLevel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the finished levels of a {@code curate cluster} run in the store's run state, and the
 * last step of the level in progress (after every Lloyd update of its first k-means and every
 * resampling phase, see {@link LevelStep}), so that a re-run with the same params over the
 * same embeddings resumes where the interrupted one stopped, with the same tree. The entry
 * {@value #KEY} holds the run's fingerprint and the number of finished levels; it is written
 * after the level's own entry, so it never counts a level that is not stored. Each entry is
 * one LMDB transaction. The stored tree is only replaced by a complete one.
 */
final class ClusterCheckpoint implements HierarchyListener {

    static final String KEY = "cluster.partial";

    static final String STEP_KEY = KEY + ".step";

    static final String STARTED_KEY = KEY + ".started";

    private static final int MAGIC = 0x43554C31;

    private final TileStore store;
    private final String fingerprint;
    private final HierarchyListener next;

    ClusterCheckpoint(TileStore store, String fingerprint, HierarchyListener next) {
        this.store = store;
        this.fingerprint = fingerprint;
        this.next = next;
    }

    /** Describes a run: its params and the embeddings it clusters. */
    static String fingerprint(TileStore store, HierarchyParams params, long[] keptTiles) {
        return "params=" + params + "; input=" + store.runState("ingest.input").orElse("?")
                + "; rows=" + keptTiles.length + "; dim=" + store.dim() + "; kept="
                + Arrays.hashCode(keptTiles);
    }

    /**
     * Returns the levels an earlier run with this fingerprint finished, finest first; drops the
     * checkpoint of any other run.
     */
    List<TreeLevel> finishedLevels() {
        Optional<String> saved = store.runState(KEY);
        if (saved.isEmpty()) {
            return List.of();
        }
        int cut = saved.get().lastIndexOf('\n');
        if (cut < 0 || !saved.get().substring(0, cut).equals(fingerprint)) {
            clear();
            return List.of();
        }
        int count = Integer.parseInt(saved.get().substring(cut + 1));
        List<TreeLevel> levels = new ArrayList<>();
        for (int l = 1; l <= count; l++) {
            String key = levelKey(l);
            levels.add(decode(store.runStateBytes(key).orElseThrow(() ->
                    new IllegalStateException("run state " + KEY + " counts " + count
                            + " levels but " + key + " is missing")), key));
        }
        return levels;
    }

    /**
     * Returns the last step an earlier run with this fingerprint reported for the level after
     * the {@code finished} ones, or empty.
     */
    Optional<LevelStep> lastStep(int finished) {
        return store.runStateBytes(STEP_KEY).flatMap(b -> LevelStep.decode(b, fingerprint))
                .filter(step -> step.level() == finished + 1);
    }

    /**
     * Marks that a run with this fingerprint starts, and returns whether an earlier one with
     * the same fingerprint had started and was interrupted before it checkpointed anything
     * (during the initialisation of level 1).
     */
    boolean startAndReportEarlyStop(boolean checkpointed) {
        boolean earlier = !checkpointed && store.runState(STARTED_KEY)
                .filter(fingerprint::equals).isPresent();
        store.putRunState(STARTED_KEY, fingerprint);
        return earlier;
    }

    /** Removes the checkpoint; the level entries become unreachable and are removed too. */
    void clear() {
        store.removeRunState(KEY);
        store.removeRunState(STEP_KEY);
        store.removeRunState(STARTED_KEY);
        int l = 1;
        while (store.removeRunState(levelKey(l))) {
            l++;
        }
    }

    @Override
    public void onLevelStart(int level, int levels, long inputs, int clusters) {
        next.onLevelStart(level, levels, inputs, clusters);
    }

    @Override
    public void onIteration(int level, int step, IterationStats stats) {
        next.onIteration(level, step, stats);
    }

    @Override
    public void onInit(int level, int chosen, int k) {
        next.onInit(level, chosen, k);
    }

    @Override
    public void onStep(LevelStep step) {
        store.putRunStateBytes(STEP_KEY, step.encode(fingerprint));
        next.onStep(step);
    }

    @Override
    public void onLevelEnd(LevelStats stats) {
        next.onLevelEnd(stats);
    }

    @Override
    public void onLevelDone(int level, TreeLevel treeLevel) {
        next.onLevelDone(level, treeLevel);
        store.putRunStateBytes(levelKey(level), encode(treeLevel));
        store.putRunState(KEY, fingerprint + "\n" + level);
    }

    private static String levelKey(int level) {
        return KEY + ".level." + level;
    }

    static byte[] encode(TreeLevel level) {
        // LIMIT: one level is one run-state record built in one byte array, so a level 1 over
        // more than about 250M tiles cannot be checkpointed; split the pool or skip resuming.
        long size = 16L + 8L * (level.offsets().length + level.members().length)
                + 4L * level.centroids().length;
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size));
        b.putInt(MAGIC).putInt(level.dim()).putInt(level.offsets().length)
                .putInt(level.members().length);
        b.asLongBuffer().put(level.offsets()).put(level.members());
        b.position(b.position() + 8 * (level.offsets().length + level.members().length));
        b.asFloatBuffer().put(level.centroids());
        return b.array();
    }

    static TreeLevel decode(byte[] bytes, String key) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 16 || b.getInt() != MAGIC) {
            throw new IllegalStateException("run state " + key + " is not a cluster level");
        }
        int dim = b.getInt();
        long[] offsets = new long[b.getInt()];
        long[] members = new long[b.getInt()];
        int k = offsets.length - 1;
        if (bytes.length != 16L + 8L * (offsets.length + members.length) + 4L * k * dim) {
            throw new IllegalStateException("run state " + key + " has " + bytes.length
                    + " bytes, not the size its header gives");
        }
        b.asLongBuffer().get(offsets).get(members);
        b.position(b.position() + 8 * (offsets.length + members.length));
        float[] centroids = new float[k * dim];
        b.asFloatBuffer().get(centroids);
        return new TreeLevel(offsets, members, centroids, dim);
    }
}
