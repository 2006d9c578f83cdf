package dev.curate.engine.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of one ingest of {@code .npy} parts into a {@link TileStore}.
 *
 * @param tileTable the tile table CSV (see {@link dev.curate.engine.io.TileTableReader}), or
 *     empty to treat every row as its own tile on one unnamed slide
 * @param skipNonFinite leave rows holding NaN or Inf out (they keep their tile index) instead
 *     of refusing the input; default false
 * @param storeAsFloat16 store vectors as float16 (half the space); values beyond
 *     &plusmn;65504 are then refused. Default false (float32)
 * @param chunksPerCommit vector records of {@value TileStore#CHUNK_ROWS} rows written per
 *     transaction, at least 1; a crash loses at most this many records. Default 1024
 * @param slideShard store only the tiles of this shard's slides (they keep their global
 *     index; the other tiles are recorded as held elsewhere); needs a tile table. Default
 *     empty: every tile
 */
public record IngestOptions(Optional<Path> tileTable, boolean skipNonFinite,
        boolean storeAsFloat16, int chunksPerCommit, Optional<SlideShard> slideShard) {

    /** The default number of vector records per transaction. */
    public static final int DEFAULT_CHUNKS_PER_COMMIT = 1024;

    /** Checks the fields. */
    public IngestOptions {
        Objects.requireNonNull(tileTable, "tileTable");
        Objects.requireNonNull(slideShard, "slideShard");
        if (chunksPerCommit < 1) {
            throw new IllegalArgumentException("chunksPerCommit must be at least 1, got "
                    + chunksPerCommit);
        }
    }

    /**
     * Returns the defaults: no tile table, refuse non-finite rows, float32, 1024 records,
     * every tile.
     */
    public static IngestOptions defaults() {
        return new IngestOptions(Optional.empty(), false, false, DEFAULT_CHUNKS_PER_COMMIT,
                Optional.empty());
    }

    /** Returns a copy reading the tile table from {@code csv}. */
    public IngestOptions withTileTable(Path csv) {
        return new IngestOptions(Optional.of(csv), skipNonFinite, storeAsFloat16,
                chunksPerCommit, slideShard);
    }

    /** Returns a copy with {@code skipNonFinite} set as given. */
    public IngestOptions withSkipNonFinite(boolean skip) {
        return new IngestOptions(tileTable, skip, storeAsFloat16, chunksPerCommit,
                slideShard);
    }

    /** Returns a copy with {@code storeAsFloat16} set as given. */
    public IngestOptions withStoreAsFloat16(boolean float16) {
        return new IngestOptions(tileTable, skipNonFinite, float16, chunksPerCommit,
                slideShard);
    }

    /** Returns a copy committing every {@code chunks} vector records. */
    public IngestOptions withChunksPerCommit(int chunks) {
        return new IngestOptions(tileTable, skipNonFinite, storeAsFloat16, chunks, slideShard);
    }

    /** Returns a copy storing only the tiles of {@code shard}'s slides. */
    public IngestOptions withSlideShard(SlideShard shard) {
        return new IngestOptions(tileTable, skipNonFinite, storeAsFloat16, chunksPerCommit,
                Optional.of(shard));
    }
}
