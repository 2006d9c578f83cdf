package dev.curate.engine.store;

import dev.curate.engine.io.NpyReader;
import dev.curate.engine.io.TileTable;
import dev.curate.engine.io.TileTableReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests {@code .npy} embedding parts (and an optional tile table) into a {@link TileStore}.
 *
 * <p>The whole input is checked before anything is written: headers, byte counts and
 * dimensions of every part, the tile table against the row count, NaN/Inf rows (refused, or
 * left out with {@link IngestOptions#skipNonFinite()}, keeping every other tile's index), and
 * the float16 range when float16 storage is asked for. The write pass then streams the rows
 * into chunked records, committing every {@link IngestOptions#chunksPerCommit()} records with
 * a progress record. A re-run with the same inputs (same part paths, sizes and headers, same
 * tile table and options) resumes after the last commit; different inputs into a store that
 * already holds an ingest are refused. Both passes stream; the pool is never held in memory.
 *
 * <p>With {@link IngestOptions#slideShard()} only the tiles of that shard's slides are
 * stored, under their global tile index; the other tiles are recorded as skipped (held
 * elsewhere), so the store's tile table, tile count and tile indices are those of the whole
 * pool. Validation still reads every row, so a refused non-finite row refuses the ingest on
 * every shard.
 *
 * <p>Before writing, the estimated size is compared with the whole map, not with its free
 * space, so a store that already holds other data can still fill up mid-write; that failure
 * keeps every committed record, and a re-run with a larger map resumes.
 */
public final class Ingest {

    static final String INPUT = "ingest.input";

    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    private Ingest() {
    }

    /**
     * Ingests {@code parts} into {@code store}, or resumes or confirms an earlier run of the
     * same ingest.
     *
     * @param store the open store
     * @param parts the {@code .npy} parts, in pool order
     * @param options tile table, non-finite policy, storage type and commit size
     * @param listener receives progress of both passes
     * @return what was stored
     * @throws IllegalArgumentException if the input is malformed or inconsistent, holds
     *     non-finite rows without the skip option, or differs from the store's earlier ingest
     * @throws IllegalStateException if the store's map is full (the message names
     *     {@value TileStore#MAP_SIZE_SETTING}); committed rows are kept and a re-run resumes
     */
    public static IngestReport run(TileStore store, List<Path> parts, IngestOptions options,
            IngestListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (options.slideShard().isPresent() && options.tileTable().isEmpty()) {
            throw new IllegalArgumentException("an ingest of slide shard "
                    + options.slideShard().get().text() + " into " + store.directory()
                    + " needs a tile table (--tiles) to know each tile's slide");
        }
        try (NpyReader reader = NpyReader.open(parts)) {
            String input = describeInput(reader, options);
            Optional<String> earlier = store.runState(INPUT);
            checkSameInput(store, earlier, input);
            if (earlier.isPresent() && store.hasEmbeddings()) {
                LOG.info("store {} already holds this ingest; nothing to do", store.directory());
                return report(store, reader, options, 0, true);
            }
            TileTable table = earlier.isPresent() ? null : readTileTable(reader, options);
            IngestValidation validation = validate(reader, options, listener);
            checkFits(store, reader, validation, options);
            if (earlier.isEmpty()) {
                begin(store, reader, table, validation, options, input);
            }
            long from = Long.parseLong(store.runState(VectorChunkWriter.ROWS_DONE).orElseThrow());
            LOG.info("ingest of {} rows x {} into {}: {} at row {}{}", reader.rows(),
                    reader.dim(), store.directory(), from == 0 ? "starting" : "resuming", from,
                    options.slideShard().map(s -> ", slide shard " + s.text()).orElse(""));
            writeRows(store, reader, store.skippedTileIndices(), from, options, listener);
            IngestReport report = report(store, reader, options, from, false);
            LOG.info("{}", report.summary());
            return report;
        }
    }

    /** Refuses a store that holds a different ingest or other tiles. */
    private static void checkSameInput(TileStore store, Optional<String> earlier, String input) {
        if (earlier.isPresent() && !earlier.get().equals(input)) {
            throw new IllegalArgumentException("store " + store.directory()
                    + " already holds a different ingest.\nstored input:\n" + earlier.get()
                    + "\ngiven input:\n" + input
                    + "\nuse a new store folder, or re-run with the stored input to resume");
        }
        if (earlier.isEmpty() && store.tileCount() > 0) {
            throw new IllegalArgumentException("store " + store.directory() + " already holds "
                    + store.tileCount() + " tiles without an ingest record; refusing to ingest"
                    + " into it:\n" + input + "\nuse a new store folder");
        }
    }

    private static TileTable readTileTable(NpyReader reader, IngestOptions options) {
        return options.tileTable().map(csv -> TileTableReader.read(csv, reader.rows()))
                .orElse(null);
    }

    /** Runs the validation pass and refuses what cannot be stored. */
    private static IngestValidation validate(NpyReader reader, IngestOptions options,
            IngestListener listener) {
        IngestValidation validation = IngestValidation.run(reader, options.storeAsFloat16(),
                listener);
        int bad = validation.nonFiniteRows().length;
        if (bad > 0 && !options.skipNonFinite()) {
            throw new IllegalArgumentException(validation.nonFiniteSummary() + " in "
                    + partNames(reader) + "; nothing was written. Fix the embeddings, or"
                    + " skip these rows (skipNonFinite, --skip-nonfinite); skipped tiles"
                    + " keep their index");
        }
        if (validation.overflowCount() > 0) {
            throw new IllegalArgumentException(validation.overflowCount() + " values exceed"
                    + " the float16 maximum 65504 in " + partNames(reader) + ": "
                    + validation.overflowSummary() + "; nothing was written. Store float32"
                    + " instead (leave storeAsFloat16 off)");
        }
        if (bad > 0) {
            LOG.warn("skipping {}; those tiles keep their index but have no vector",
                    validation.nonFiniteSummary());
        }
        return validation;
    }

    /** Refuses an input that clearly cannot fit the map, before anything is written. */
    private static void checkFits(TileStore store, NpyReader reader, IngestValidation validation,
            IngestOptions options) {
        long kept = reader.rows() - validation.nonFiniteRows().length;
        long vectorBytes = kept * reader.dim() * (options.storeAsFloat16() ? 2 : 4);
        long estimate = vectorBytes + vectorBytes / TileStore.CHUNK_ROWS + reader.rows() * 12;
        if (estimate > store.mapSizeBytes()) {
            throw new IllegalStateException("ingest of " + kept + " vectors of dim "
                    + reader.dim() + " needs about " + TileStore.describeBytes(estimate)
                    + " but store " + store.directory() + " has an LMDB map size of "
                    + TileStore.describeBytes(store.mapSizeBytes()) + "; raise "
                    + TileStore.MAP_SIZE_SETTING + " (mapSizeBytes, now "
                    + String.format(Locale.ROOT, "%,d", store.mapSizeBytes()) + "); nothing"
                    + " was written");
        }
    }

    /** Writes the input record, vector layout, skipped rows and tile table in one commit. */
    private static void begin(TileStore store, NpyReader reader, TileTable table,
            IngestValidation validation, IngestOptions options, String input) {
        store.write(txn -> {
            store.putMeta(txn, TileStore.META_TILE_COUNT, Long.toString(reader.rows()));
            store.putMeta(txn, TileStore.META_DIM, Integer.toString(reader.dim()));
            store.putMeta(txn, TileStore.META_CHUNK_ROWS, Integer.toString(TileStore.CHUNK_ROWS));
            store.putMeta(txn, TileStore.META_VECTOR_TYPE,
                    options.storeAsFloat16() ? "float16" : "float32");
            store.putMeta(txn, TileStore.META_KEPT_ROWS, "0");
            if (options.slideShard().isPresent()) {
                putShardSkips(store, txn, table, options.slideShard().get(), validation);
                store.putMeta(txn, TileStore.META_SLIDE_SHARD, options.slideShard().get().text());
            } else {
                store.putSkipped(txn, validation.nonFiniteRows(), validation.nonFiniteKinds());
            }
            if (table != null) {
                store.writeTileTable(txn, table);
            }
            store.putRunState(txn, INPUT, input);
            store.putRunState(txn, VectorChunkWriter.ROWS_DONE, "0");
            return null;
        });
    }

    /**
     * Records as skipped every tile of another shard's slide (kind {@code SKIP_ELSEWHERE}) and
     * every non-finite tile of this shard's slides (its non-finite kind).
     */
    // LIMIT: skip records cost 8 bytes per tile of the other shards, on disk and on the heap,
    // when a store holds one shard of many (1.9 GB for 2 of 3 shards of 350M tiles); a range
    // record per slide is the fix, no knob yet.
    private static void putShardSkips(TileStore store, Txn<ByteBuffer> txn, TileTable table,
            SlideShard shard, IngestValidation validation) {
        int[] slideOfTile = table.slideOfTile();
        long[] bad = validation.nonFiniteRows();
        byte[] badKinds = validation.nonFiniteKinds();
        int count = 0;
        for (int tile = 0, b = 0; tile < slideOfTile.length; tile++) {
            boolean nonFinite = b < bad.length && bad[b] == tile;
            if (nonFinite || !shard.holds(slideOfTile[tile])) {
                count++;
            }
            b += nonFinite ? 1 : 0;
        }
        long[] tiles = new long[count];
        byte[] kinds = new byte[count];
        int n = 0;
        for (int tile = 0, b = 0; tile < slideOfTile.length; tile++) {
            boolean nonFinite = b < bad.length && bad[b] == tile;
            if (!shard.holds(slideOfTile[tile])) {
                tiles[n] = tile;
                kinds[n++] = TileStore.SKIP_ELSEWHERE;
            } else if (nonFinite) {
                tiles[n] = tile;
                kinds[n++] = badKinds[b];
            }
            b += nonFinite ? 1 : 0;
        }
        store.putSkipped(txn, tiles, kinds);
    }

    /** Streams rows {@code from ..} into the store, leaving out the skipped ones. */
    private static void writeRows(TileStore store, NpyReader reader, long[] skipped, long from,
            IngestOptions options, IngestListener listener) {
        long keptSoFar = store.read(txn -> Long.parseLong(
                store.meta(txn, TileStore.META_KEPT_ROWS).orElseThrow()));
        int dim = reader.dim();
        int[] nextSkip = {firstAtOrAfter(skipped, from)};
        try (VectorChunkWriter writer = new VectorChunkWriter(store, dim,
                options.storeAsFloat16(), options.chunksPerCommit(), listener, reader.rows(),
                keptSoFar)) {
            reader.scan(from, 4096, (first, count, data) -> {
                for (int r = 0; r < count; r++) {
                    long tile = first + r;
                    if (nextSkip[0] < skipped.length && skipped[nextSkip[0]] == tile) {
                        nextSkip[0]++;
                    } else {
                        writer.add(tile, data, r * dim);
                    }
                }
            });
            writer.finish();
        } catch (Env.MapFullException e) {
            throw store.mapFull(e);
        }
    }

    private static int firstAtOrAfter(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static IngestReport report(TileStore store, NpyReader reader, IngestOptions options,
            long from, boolean alreadyComplete) {
        long skipped = store.skippedTileIndices().length;
        long elsewhere = options.slideShard().isPresent()
                ? store.skippedOfKind(TileStore.SKIP_ELSEWHERE) : 0;
        return new IngestReport(reader.rows(), reader.rows() - skipped, skipped - elsewhere,
                elsewhere, reader.dim(), options.storeAsFloat16(), from, alreadyComplete);
    }

    /**
     * Describes the input so a re-run can be recognised: each part's absolute path, size and
     * header, the tile table's path and size, and the options that change what is stored.
     */
    static String describeInput(NpyReader reader, IngestOptions options) {
        StringBuilder out = new StringBuilder();
        for (NpyReader.Part part : reader.parts()) {
            out.append("  part ").append(part.file().toAbsolutePath().normalize())
                    .append(" size=").append(part.sizeBytes()).append(' ')
                    .append(part.header().fingerprint()).append('\n');
        }
        out.append("  tile table ").append(options.tileTable()
                .map(csv -> csv.toAbsolutePath().normalize() + " size=" + size(csv))
                .orElse("none")).append('\n');
        out.append("  skipNonFinite=").append(options.skipNonFinite())
                .append(" storeAsFloat16=").append(options.storeAsFloat16());
        options.slideShard().ifPresent(s -> out.append(" slideShard=").append(s.text()));
        return out.toString();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }

    private static String partNames(NpyReader reader) {
        return reader.parts().stream().map(p -> p.file().toString()).toList().toString();
    }
}
