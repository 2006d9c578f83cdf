package dev.curate.engine.train.data;

import java.util.Optional;

/**
 * A stream of training batches: the seam between whoever decides which tiles a batch holds (a
 * stratifier, an event-bus consumer) and the trainer.
 *
 * <p>A source is deterministic given how it was made: the batch with a given
 * {@link TileBatch#sequence()} is always the same, which is what lets a resumed run continue
 * with the batch after its checkpoint. {@link #next} is called from one thread at a time (the
 * prefetch thread); it may block until a batch is ready.
 */
public interface BatchSource extends AutoCloseable {

    /**
     * Returns the next batch, or empty when the stream has ended.
     *
     * @return the batch whose sequence follows the previous one
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    Optional<TileBatch> next() throws InterruptedException;

    /**
     * Positions the source so that the next batch has sequence {@code nextSequence}. The
     * default draws and drops batches; sources with checkpointed state override it.
     *
     * @param nextSequence sequence of the batch {@link #next} returns next, at least the
     *     current position
     * @throws InterruptedException if interrupted while drawing
     * @throws IllegalStateException if the stream ends before that position
     */
    default void skipTo(long nextSequence) throws InterruptedException {
        long position = 0;
        while (position < nextSequence) {
            Optional<TileBatch> batch = next();
            if (batch.isEmpty()) {
                throw new IllegalStateException("batch source ended after " + position
                        + " batches, before the resume position " + nextSequence);
            }
            position = batch.get().sequence() + 1;
        }
    }

    /** Releases what the source holds; the default holds nothing. */
    @Override
    default void close() {
    }
}
