package dev.curate.engine.store;

import dev.curate.engine.io.HalfFloats;
import dev.curate.engine.io.TileTable;
import dev.curate.engine.kmeans.VectorSource;
import dev.curate.engine.tree.ClusterTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tiles of one store folder in one LMDB environment: embeddings in chunked records, the
 * tile table, optional slide metadata, the cluster tree and string-keyed run state. Every write
 * is one transaction; a write that fails (including on a full map) leaves the store exactly as
 * the last committed write left it.
 *
 * <p>Embedding rows are global tile indices {@code 0 .. tileCount() - 1}. Rows refused at
 * ingest (non-finite) are <em>skipped</em>: they keep their tile index in the tile table, but
 * {@link #vectors()} holds only the kept rows, in tile order, and {@link #keptTileIndices()}
 * maps a kept row back to its tile. A store ingested for one {@link SlideShard} skips the
 * tiles of the other shards' slides the same way ({@link #slideShard()}).
 *
 * <p>The map size is fixed when the store is opened ({@code mapSizeBytes}, the CLI's
 * {@value #MAP_SIZE_SETTING}); the file grows only as data is written. Methods may be called
 * from any thread (the environment uses {@code MDB_NOTLS}), but not while the same thread is
 * inside a write of this store. Open a folder at most once per process (an LMDB rule); several
 * processes may open it. Close the store when done.
 */
public final class TileStore implements AutoCloseable {

    /** The default map size: 64 GiB of address space, used sparsely on disk. */
    public static final long DEFAULT_MAP_SIZE_BYTES = 64L << 30;

    /** The user-facing setting that raises the map size. */
    public static final String MAP_SIZE_SETTING = "--map-size";

    /** Kept embedding rows per vector record. */
    static final int CHUNK_ROWS = 64;

    static final String META_TILE_COUNT = "tileCount";
    static final String META_DIM = "dim";
    static final String META_CHUNK_ROWS = "chunkRows";
    static final String META_VECTOR_TYPE = "vectorType";
    static final String META_KEPT_ROWS = "keptRows";
    static final String META_COMPLETE = "vectorsComplete";
    static final String META_SLIDE_SHARD = "slideShard";

    /** Skip kind of a tile that belongs to another shard's slide. */
    static final byte SKIP_ELSEWHERE = 4;

    private static final Logger LOG = LoggerFactory.getLogger(TileStore.class);

    private final Path dir;
    private final long mapSizeBytes;
    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> meta;
    private final Dbi<ByteBuffer> vectorDb;
    private final Dbi<ByteBuffer> skippedDb;
    private final Dbi<ByteBuffer> tileDb;
    private final Dbi<ByteBuffer> slideDb;
    private final Dbi<ByteBuffer> treeDb;
    private final Dbi<ByteBuffer> runStateDb;

    private TileStore(Path dir, long mapSizeBytes, Env<ByteBuffer> env) {
        this.dir = dir;
        this.mapSizeBytes = mapSizeBytes;
        this.env = env;
        this.meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
        this.vectorDb = env.openDbi("vectors", DbiFlags.MDB_CREATE);
        this.skippedDb = env.openDbi("skipped", DbiFlags.MDB_CREATE);
        this.tileDb = env.openDbi("tiles", DbiFlags.MDB_CREATE);
        this.slideDb = env.openDbi("slides", DbiFlags.MDB_CREATE);
        this.treeDb = env.openDbi("tree", DbiFlags.MDB_CREATE);
        this.runStateDb = env.openDbi("runstate", DbiFlags.MDB_CREATE);
    }

    /**
     * Opens (creating if needed) the store in {@code dir} with the default map size.
     *
     * @param dir the store folder
     * @return the open store
     */
    public static TileStore open(Path dir) {
        return open(dir, DEFAULT_MAP_SIZE_BYTES);
    }

    /**
     * Opens (creating if needed) the store in {@code dir}.
     *
     * @param dir the store folder; created when missing
     * @param mapSizeBytes the most bytes the store may hold, at least 64 KiB; rounded up to
     *     whole 4 KiB pages. A store already larger keeps its size.
     * @return the open store
     */
    public static TileStore open(Path dir, long mapSizeBytes) {
        if (mapSizeBytes < 64 << 10) {
            throw new IllegalArgumentException(MAP_SIZE_SETTING + " " + mapSizeBytes
                    + " bytes is too small: expected at least 65536");
        }
        long rounded = (mapSizeBytes + 4095) / 4096 * 4096;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create store folder " + dir, e);
        }
        Env<ByteBuffer> env = Env.create()
                .setMapSize(rounded)
                .setMaxDbs(8)
                .setMaxReaders(256)
                .open(dir.toFile(), EnvFlags.MDB_NOTLS);
        try {
            TileStore store = new TileStore(dir, rounded, env);
            LOG.debug("opened store {} with map size {}", dir, describeBytes(rounded));
            return store;
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    /** Returns the store folder. */
    public Path directory() {
        return dir;
    }

    /** Returns the map size the store was opened with, in bytes. */
    public long mapSizeBytes() {
        return mapSizeBytes;
    }

    /** Returns the number of tiles (global rows, skipped ones included), 0 when empty. */
    public long tileCount() {
        return read(txn -> metaLong(txn, META_TILE_COUNT).orElse(0L));
    }

    /** Returns whether a complete set of embeddings is stored. */
    public boolean hasEmbeddings() {
        return read(txn -> StoreCodec.getString(meta, txn, META_COMPLETE).isPresent());
    }

    /** Returns the embedding dimension, or 0 when no complete embeddings are stored. */
    public int dim() {
        return read(txn -> StoreCodec.getString(meta, txn, META_COMPLETE).isEmpty() ? 0
                : metaLong(txn, META_DIM).orElseThrow().intValue());
    }

    /** Returns whether the embeddings are stored as float16 (they are read as float32). */
    public boolean storesFloat16() {
        return read(txn -> StoreCodec.getString(meta, txn, META_VECTOR_TYPE)
                .filter("float16"::equals).isPresent());
    }

    /**
     * Returns the kept embedding rows in tile order. The source reads the store lazily and
     * stays valid until the store is closed; it is not thread safe (make one per thread).
     *
     * @throws IllegalStateException if no complete embeddings are stored
     */
    public VectorSource vectors() {
        return read(txn -> {
            requireEmbeddings(txn);
            return new StoreVectorSource(env, vectorDb, metaLong(txn, META_DIM).get().intValue(),
                    metaLong(txn, META_KEPT_ROWS).get(),
                    metaLong(txn, META_CHUNK_ROWS).get().intValue(),
                    StoreCodec.getString(meta, txn, META_VECTOR_TYPE).get().equals("float16"),
                    skipped(txn));
        });
    }

    /**
     * Returns, for each kept row of {@link #vectors()}, its global tile index (ascending;
     * {@code i -> i} when nothing was skipped).
     *
     * @throws IllegalStateException if no complete embeddings are stored
     */
    public long[] keptTileIndices() {
        // LIMIT: holds 8 bytes per kept tile on the heap (2.8 GB for 350M tiles) when called
        // on the whole pool; use tileOfKeptRow per row or raise -Xmx.
        return read(txn -> {
            requireEmbeddings(txn);
            long kept = metaLong(txn, META_KEPT_ROWS).get();
            long[] skipped = skipped(txn);
            long[] out = new long[Math.toIntExact(kept)];
            int s = 0;
            long tile = 0;
            for (int k = 0; k < out.length; k++, tile++) {
                while (s < skipped.length && skipped[s] == tile) {
                    s++;
                    tile++;
                }
                out[k] = tile;
            }
            return out;
        });
    }

    /**
     * Returns the shard of slides this store was ingested for, or empty when it holds every
     * tile.
     */
    public Optional<SlideShard> slideShard() {
        return read(txn -> StoreCodec.getString(meta, txn, META_SLIDE_SHARD)
                .map(text -> SlideShard.parse(text, "store " + dir)));
    }

    /**
     * Returns the global tile indices left out at ingest (non-finite, or on another shard's
     * slide), ascending (empty when none).
     */
    public long[] skippedTileIndices() {
        return read(this::skipped);
    }

    /**
     * Returns the global tile index of kept row {@code keptRow}, given the ascending skipped
     * tile indices.
     */
    static long tileOfKeptRow(long keptRow, long[] skipped) {
        // the number of skipped tiles before the answer is the first j with skipped[j] - j > k
        int lo = 0;
        int hi = skipped.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (skipped[mid] - mid > keptRow) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return keptRow + lo;
    }

    /**
     * Returns the tile table; {@link TileTable#unnamed} over {@link #tileCount()} tiles when
     * none was stored.
     */
    public TileTable tileTable() {
        return read(txn -> {
            int slides = StoreCodec.arrayLength(tileDb, txn, "slideOfTile");
            if (slides < 0) {
                return TileTable.unnamed(Math.toIntExact(metaLong(txn, META_TILE_COUNT)
                        .orElse(0L)));
            }
            int slideCount = Integer.parseInt(StoreCodec.getString(tileDb, txn, "slideCount")
                    .orElseThrow());
            List<String> ids = new ArrayList<>(slideCount);
            for (int i = 0; i < slideCount; i++) {
                ByteBuffer id = tileDb.get(txn, StoreCodec.chunkKey("slide", i));
                ids.add(new String(StoreCodec.bytes(id), StandardCharsets.UTF_8));
            }
            int[] slideOfTile = StoreCodec.getInts(tileDb, txn, "slideOfTile");
            boolean xy = StoreCodec.arrayLength(tileDb, txn, "tileX") >= 0;
            return new TileTable(ids, slideOfTile,
                    xy ? StoreCodec.getInts(tileDb, txn, "tileX") : null,
                    xy ? StoreCodec.getInts(tileDb, txn, "tileY") : null);
        });
    }

    /**
     * Replaces the tile table in one transaction.
     *
     * @param table the table; when embeddings are stored (or being ingested) it must have
     *     exactly {@link #tileCount()} tiles, otherwise it sets the tile count
     * @throws IllegalArgumentException if the tile count disagrees with the stored embeddings
     */
    public void putTileTable(TileTable table) {
        write(txn -> {
            if (metaLong(txn, META_DIM).isPresent()
                    && metaLong(txn, META_TILE_COUNT).orElse(0L) != table.tileCount()) {
                throw new IllegalArgumentException("tile table of " + table.tileCount()
                        + " tiles does not match the " + metaLong(txn, META_TILE_COUNT).get()
                        + " embedding rows of store " + dir);
            }
            writeTileTable(txn, table);
            StoreCodec.putString(meta, txn, META_TILE_COUNT, Long.toString(table.tileCount()));
            return null;
        });
    }

    /** Replaces the tile table inside {@code txn}. */
    void writeTileTable(Txn<ByteBuffer> txn, TileTable table) {
        tileDb.drop(txn);
        List<String> ids = table.slideIds();
        StoreCodec.putString(tileDb, txn, "slideCount", Integer.toString(ids.size()));
        for (int i = 0; i < ids.size(); i++) {
            tileDb.put(txn, StoreCodec.chunkKey("slide", i), StoreCodec.direct(
                    ids.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        StoreCodec.putInts(tileDb, txn, "slideOfTile", table.slideOfTile());
        if (table.hasCoordinates()) {
            StoreCodec.putInts(tileDb, txn, "tileX", table.tileX());
            StoreCodec.putInts(tileDb, txn, "tileY", table.tileY());
        }
    }

    /**
     * Stores metadata fields per slide in one transaction, replacing earlier fields of the
     * same slides.
     *
     * @param bySlide slide id to its fields (column name to value)
     */
    public void putSlideMetadata(Map<String, Map<String, String>> bySlide) {
        write(txn -> {
            bySlide.forEach((slide, fields) -> slideDb.put(txn, StoreCodec.stringKey(slide),
                    StoreCodec.direct(StoreCodec.encodeMap(fields))));
            return null;
        });
    }

    /** Returns the stored metadata fields of {@code slideId}, in their stored order. */
    public Optional<Map<String, String>> slideMetadata(String slideId) {
        return read(txn -> Optional.ofNullable(slideDb.get(txn, StoreCodec.stringKey(slideId)))
                .map(v -> StoreCodec.decodeMap(StoreCodec.bytes(v))));
    }

    /**
     * Replaces the stored cluster tree in one transaction. Each level's offsets, members and
     * centroids are split into records of at most 64 KiB.
     *
     * @param tree the tree to store
     */
    public void putTree(ClusterTree tree) {
        write(txn -> {
            TreeRecords.replace(treeDb, txn, tree);
            return null;
        });
    }

    /** Returns the stored cluster tree, or empty when none was stored. */
    public Optional<ClusterTree> tree() {
        return read(txn -> TreeRecords.read(treeDb, txn));
    }

    /**
     * Stores one run-state entry (checkpoints, finished levels) in its own transaction.
     *
     * @param key the entry name, 1 to 400 UTF-8 bytes
     * @param value the value, UTF-8
     */
    public void putRunState(String key, String value) {
        putRunStateBytes(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Stores one binary run-state entry in its own transaction; see {@link #putRunState}. */
    public void putRunStateBytes(String key, byte[] value) {
        checkKey(key);
        write(txn -> runStateDb.put(txn, StoreCodec.stringKey(key), StoreCodec.direct(value)));
    }

    /** Returns the run-state entry {@code key} as UTF-8 text, or empty when absent. */
    public Optional<String> runState(String key) {
        return runStateBytes(key).map(b -> new String(b,
                StandardCharsets.UTF_8));
    }

    /** Returns the run-state entry {@code key} as bytes, or empty when absent. */
    public Optional<byte[]> runStateBytes(String key) {
        checkKey(key);
        return read(txn -> Optional.ofNullable(runStateDb.get(txn, StoreCodec.stringKey(key)))
                .map(StoreCodec::bytes));
    }

    /** Removes the run-state entry {@code key}; returns whether it existed. */
    public boolean removeRunState(String key) {
        checkKey(key);
        return write(txn -> runStateDb.delete(txn, StoreCodec.stringKey(key)));
    }

    private static void checkKey(String key) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > 400) {
            throw new IllegalArgumentException("run-state key '" + key + "' has " + bytes
                    + " bytes: expected 1 to 400");
        }
    }

    @Override
    public void close() {
        env.close();
    }

    /** Runs {@code body} in one write transaction and commits it. */
    <T> T write(Function<Txn<ByteBuffer>, T> body) {
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            T result = body.apply(txn);
            txn.commit();
            return result;
        } catch (Env.MapFullException e) {
            throw mapFull(e);
        }
    }

    /** Runs {@code body} in one read transaction. */
    <T> T read(Function<Txn<ByteBuffer>, T> body) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            return body.apply(txn);
        }
    }

    /** Opens a write transaction; the caller commits or closes it. */
    Txn<ByteBuffer> beginWrite() {
        return env.txnWrite();
    }

    /** Returns the error for a full map: names the setting, its value and that data is kept. */
    IllegalStateException mapFull(RuntimeException cause) {
        return new IllegalStateException("store " + dir + " is full: its LMDB map size is "
                + describeBytes(mapSizeBytes) + "; raise " + MAP_SIZE_SETTING + " (mapSizeBytes,"
                + " now " + String.format(Locale.ROOT, "%,d", mapSizeBytes) + ") and re-run;"
                + " everything committed before this write is kept", cause);
    }

    void putMeta(Txn<ByteBuffer> txn, String key, String value) {
        StoreCodec.putString(meta, txn, key, value);
    }

    Optional<String> meta(Txn<ByteBuffer> txn, String key) {
        return StoreCodec.getString(meta, txn, key);
    }

    void putRunState(Txn<ByteBuffer> txn, String key, String value) {
        StoreCodec.putString(runStateDb, txn, key, value);
    }

    Optional<String> runState(Txn<ByteBuffer> txn, String key) {
        return StoreCodec.getString(runStateDb, txn, key);
    }

    /**
     * Records the skipped tiles ({@code kinds}: 1 NaN, 2 Inf, 3 both, 4 another shard's)
     * inside {@code txn}.
     */
    void putSkipped(Txn<ByteBuffer> txn, long[] tiles, byte[] kinds) {
        ByteBuffer kind = ByteBuffer.allocateDirect(1);
        for (int i = 0; i < tiles.length; i++) {
            kind.put(0, kinds[i]);
            skippedDb.put(txn, StoreCodec.longKey(tiles[i]), kind);
        }
    }

    /**
     * Appends one vector record of {@code count} rows keyed by the tile of its first row;
     * records must be appended in ascending tile order.
     */
    void appendVectorChunk(Txn<ByteBuffer> txn, long firstTile, float[] rows, int count,
            int dim, boolean float16) {
        int values = count * dim;
        ByteBuffer value = vectorDb.reserve(txn, StoreCodec.longKey(firstTile),
                values * (float16 ? 2 : 4), PutFlags.MDB_APPEND).order(ByteOrder.LITTLE_ENDIAN);
        if (float16) {
            for (int i = 0; i < values; i++) {
                value.putShort(i * 2, HalfFloats.fromFloat(rows[i]));
            }
        } else {
            value.asFloatBuffer().put(rows, 0, values);
        }
    }

    /** Returns how many skipped tiles have kind {@code kind}. */
    long skippedOfKind(byte kind) {
        return read(txn -> {
            long n = 0;
            try (Cursor<ByteBuffer> cursor = skippedDb.openCursor(txn)) {
                for (boolean more = cursor.first(); more; more = cursor.next()) {
                    if (cursor.val().get(0) == kind) {
                        n++;
                    }
                }
            }
            return n;
        });
    }

    private long[] skipped(Txn<ByteBuffer> txn) {
        // LIMIT: the skipped tile list is held on the heap (8 bytes per skipped tile); fine
        // for the rare non-finite rows, heavy when most rows are skipped.
        List<Long> tiles = new ArrayList<>();
        try (Cursor<ByteBuffer> cursor = skippedDb.openCursor(txn)) {
            for (boolean more = cursor.first(); more; more = cursor.next()) {
                tiles.add(cursor.key().getLong(0));
            }
        }
        return tiles.stream().mapToLong(Long::longValue).toArray();
    }

    private Optional<Long> metaLong(Txn<ByteBuffer> txn, String key) {
        return StoreCodec.getString(meta, txn, key).map(Long::parseLong);
    }

    private void requireEmbeddings(Txn<ByteBuffer> txn) {
        if (StoreCodec.getString(meta, txn, META_COMPLETE).isPresent()) {
            return;
        }
        Optional<Long> kept = metaLong(txn, META_KEPT_ROWS);
        if (kept.isPresent()) {
            throw new IllegalStateException("store " + dir + " holds an unfinished ingest ("
                    + kept.get() + " rows written): re-run the ingest with the same inputs to"
                    + " finish it");
        }
        throw new IllegalStateException("store " + dir + " holds no embeddings: ingest them"
                + " first");
    }

    /** Formats a byte count in binary units, such as {@code 64.0 GiB}. */
    static String describeBytes(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value,
                units[unit]);
    }
}
