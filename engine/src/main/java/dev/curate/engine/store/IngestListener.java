package dev.curate.engine.store;

/**
 * Receives ingest progress, for example to draw a progress bar. Called on the ingesting
 * thread; an exception thrown here stops the ingest, keeping what was committed (a re-run
 * resumes from there).
 */
@FunctionalInterface
public interface IngestListener {

    /** A listener that ignores progress. */
    IngestListener NONE = (stage, rowsDone, rowsTotal) -> { };

    /** The two passes of an ingest. */
    enum Stage {
        /** Reading every row once to check it; nothing is written yet. */
        VALIDATE,
        /** Writing rows to the store; reported after each commit. */
        WRITE
    }

    /**
     * Reports progress.
     *
     * @param stage the pass running
     * @param rowsDone global rows finished in this pass, from 0 to {@code rowsTotal}
     * @param rowsTotal global rows of the input, skipped ones included
     */
    void onProgress(Stage stage, long rowsDone, long rowsTotal);
}
