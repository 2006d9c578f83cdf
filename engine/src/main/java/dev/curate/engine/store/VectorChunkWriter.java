package dev.curate.engine.store;

import java.nio.ByteBuffer;
import org.lmdbjava.Txn;

/**
 * Groups kept rows into vector records of {@value TileStore#CHUNK_ROWS} rows and commits every
 * {@code chunksPerCommit} records together with the progress record (rows done, kept rows),
 * so a re-run resumes exactly after the last commit. Only full records are committed before
 * the end, which keeps resumed records aligned. Single-threaded; close it to abort the open
 * transaction.
 */
final class VectorChunkWriter implements AutoCloseable {

    static final String ROWS_DONE = "ingest.rowsDone";

    private final TileStore store;
    private final int dim;
    private final boolean float16;
    private final int chunksPerCommit;
    private final IngestListener listener;
    private final long rowsTotal;
    private final float[] chunk;
    private Txn<ByteBuffer> txn;
    private int rowsInChunk;
    private long chunkFirstTile;
    private int chunksInTxn;
    private long kept;

    VectorChunkWriter(TileStore store, int dim, boolean float16, int chunksPerCommit,
            IngestListener listener, long rowsTotal, long keptSoFar) {
        this.store = store;
        this.dim = dim;
        this.float16 = float16;
        this.chunksPerCommit = chunksPerCommit;
        this.listener = listener;
        this.rowsTotal = rowsTotal;
        this.chunk = new float[TileStore.CHUNK_ROWS * dim];
        this.kept = keptSoFar;
    }

    /** Adds the kept row of global tile {@code tile} from {@code data[offset ..]}. */
    void add(long tile, float[] data, int offset) {
        if (rowsInChunk == 0) {
            chunkFirstTile = tile;
        }
        System.arraycopy(data, offset, chunk, rowsInChunk * dim, dim);
        if (++rowsInChunk == TileStore.CHUNK_ROWS) {
            flushChunk();
            if (chunksInTxn == chunksPerCommit) {
                commit(tile + 1, false);
            }
        }
    }

    /** Writes the last partial record and commits with the ingest marked complete. */
    void finish() {
        if (rowsInChunk > 0) {
            flushChunk();
        }
        commit(rowsTotal, true);
    }

    /** Returns the kept rows written so far, committed or not. */
    long kept() {
        return kept;
    }

    private void flushChunk() {
        if (txn == null) {
            txn = store.beginWrite();
        }
        store.appendVectorChunk(txn, chunkFirstTile, chunk, rowsInChunk, dim, float16);
        kept += rowsInChunk;
        rowsInChunk = 0;
        chunksInTxn++;
    }

    private void commit(long rowsDone, boolean complete) {
        if (txn == null) {
            txn = store.beginWrite();
        }
        store.putMeta(txn, TileStore.META_KEPT_ROWS, Long.toString(kept));
        store.putRunState(txn, ROWS_DONE, Long.toString(rowsDone));
        if (complete) {
            store.putMeta(txn, TileStore.META_COMPLETE, "true");
        }
        try (Txn<ByteBuffer> done = txn) {
            txn = null;
            done.commit();
        }
        chunksInTxn = 0;
        listener.onProgress(IngestListener.Stage.WRITE, rowsDone, rowsTotal);
    }

    @Override
    public void close() {
        if (txn != null) {
            txn.close();
            txn = null;
        }
    }
}
