package dev.curate.engine.store;

import dev.curate.engine.io.HalfFloats;
import dev.curate.engine.kmeans.VectorSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/**
 * The kept embedding rows of a {@link TileStore}, in tile order, read from chunked records:
 * each record holds up to {@code chunkRows} consecutive kept rows and is keyed by the global
 * tile index of its first row. Row numbers here are kept-row numbers; skipped tiles are absent.
 * Not thread safe: {@link #readRow} caches the last chunk it decoded.
 */
final class StoreVectorSource implements VectorSource {

    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> vectors;
    private final int dim;
    private final long rows;
    private final int chunkRows;
    private final boolean float16;
    private final long[] skipped;
    private final float[] cachedChunk;
    private long cachedChunkIndex = -1;

    StoreVectorSource(Env<ByteBuffer> env, Dbi<ByteBuffer> vectors, int dim, long rows,
            int chunkRows, boolean float16, long[] skipped) {
        this.env = env;
        this.vectors = vectors;
        this.dim = dim;
        this.rows = rows;
        this.chunkRows = chunkRows;
        this.float16 = float16;
        this.skipped = skipped;
        this.cachedChunk = new float[chunkRows * dim];
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void scan(int maxRows, BlockVisitor visitor) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        int blockRows = (int) Math.max(1, Math.min(maxRows, rows));
        float[] block = new float[Math.multiplyExact(blockRows, dim)];
        float[] chunk = new float[chunkRows * dim];
        long blockStart = 0;
        int filled = 0;
        try (Txn<ByteBuffer> txn = env.txnRead(); Cursor<ByteBuffer> cursor =
                vectors.openCursor(txn)) {
            for (boolean more = cursor.first(); more && blockStart + filled < rows;
                    more = cursor.next()) {
                int count = decode(cursor.val(), chunk);
                for (int taken = 0; taken < count; ) {
                    int n = Math.min(count - taken, blockRows - filled);
                    System.arraycopy(chunk, taken * dim, block, filled * dim, n * dim);
                    taken += n;
                    filled += n;
                    if (filled == blockRows) {
                        visitor.visit(blockStart, filled, block);
                        blockStart += filled;
                        filled = 0;
                    }
                }
            }
        }
        if (filled > 0) {
            visitor.visit(blockStart, filled, block);
        }
        if (blockStart + filled != rows) {
            throw new IllegalStateException("store holds " + (blockStart + filled)
                    + " embedding rows but its metadata says " + rows + ": the store is damaged;"
                    + " re-run the ingest into a new folder");
        }
    }

    @Override
    public void readRow(long row, float[] dst, int offset) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row " + row + " is outside 0.." + (rows - 1));
        }
        long chunkIndex = row / chunkRows;
        if (chunkIndex != cachedChunkIndex) {
            long firstTile = TileStore.tileOfKeptRow(chunkIndex * chunkRows, skipped);
            try (Txn<ByteBuffer> txn = env.txnRead()) {
                ByteBuffer value = vectors.get(txn, StoreCodec.longKey(firstTile));
                if (value == null) {
                    throw new IllegalStateException("store has no vector record for tile "
                            + firstTile + " (kept row " + chunkIndex * chunkRows + ")");
                }
                decode(value, cachedChunk);
            }
            cachedChunkIndex = chunkIndex;
        }
        int at = (int) (row - chunkIndex * chunkRows) * dim;
        System.arraycopy(cachedChunk, at, dst, offset, dim);
    }

    /** Decodes one chunk record into {@code out} and returns its row count. */
    private int decode(ByteBuffer value, float[] out) {
        ByteBuffer source = value.order(ByteOrder.LITTLE_ENDIAN);
        int values = source.remaining() / (float16 ? 2 : 4);
        if (float16) {
            for (int i = 0; i < values; i++) {
                out[i] = HalfFloats.toFloat(source.getShort(i * 2));
            }
        } else {
            source.asFloatBuffer().get(out, 0, values);
        }
        return values / dim;
    }
}
