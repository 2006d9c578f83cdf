package dev.curate.engine.stratify;

/**
 * Receives progress of a stratified schedule run, on the thread that runs it. Implementations
 * must return quickly and must not keep the arrays of the records beyond the call if they
 * change them.
 */
public interface StratifyListener {

    /** A listener that ignores everything. */
    StratifyListener NONE = new StratifyListener() {
    };

    /** Called when the run starts, with the epochs already finished (resumed) and the total. */
    default void onStart(int finishedEpochs, int totalEpochs, StrataPool pool) {
    }

    /** Called after every batch. */
    default void onBatch(int epoch, int batchIndex, BatchStats stats) {
    }

    /** Called once an epoch's schedule and report are written, before the checkpoint. */
    default void onEpochWritten(int epoch, EpochReport report) {
    }

    /** Called once an epoch is checkpointed: a rerun will not draw it again. */
    default void onEpochCheckpointed(int epoch, EpochReport report) {
    }
}
