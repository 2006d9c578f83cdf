package dev.curate.engine.store;

/**
 * The outcome of an ingest.
 *
 * @param rows global rows of the input (tiles), skipped ones included
 * @param kept rows stored as vectors
 * @param skipped rows of this store's tiles left out because they hold NaN or Inf
 * @param elsewhere tiles of other shards' slides, not stored here (0 unless the ingest was
 *     restricted to a {@link SlideShard})
 * @param dim the embedding dimension
 * @param float16 whether vectors were stored as float16
 * @param resumedFromRow the global row this run started writing at (0 for a fresh ingest)
 * @param alreadyComplete whether the store already held this exact ingest, so nothing was done
 */
public record IngestReport(long rows, long kept, long skipped, long elsewhere, int dim,
        boolean float16, long resumedFromRow, boolean alreadyComplete) {

    /** Returns a one-line summary, such as {@code ingested 6 rows of dim 4: kept 4, skipped 2}. */
    public String summary() {
        String text = "ingested " + rows + " rows of dim " + dim + ": kept " + kept
                + ", skipped " + skipped + (skipped > 0 ? " (non-finite)" : "")
                + (elsewhere > 0 ? ", " + elsewhere + " on other shards" : "")
                + (float16 ? ", stored as float16" : "");
        if (alreadyComplete) {
            return text + " (already complete, nothing written)";
        }
        return resumedFromRow > 0 ? text + " (resumed at row " + resumedFromRow + ")" : text;
    }
}
