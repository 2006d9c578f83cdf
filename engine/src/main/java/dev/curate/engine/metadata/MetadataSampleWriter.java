package dev.curate.engine.metadata;

import dev.curate.engine.io.NpyWriter;
import dev.curate.engine.io.OutputFolders;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a metadata draw to a folder that appears whole or not at all ({@link OutputFolders}):
 * <ul>
 *   <li>{@value #SAMPLED}: {@code slide_id,tile_idx,<group column>}, one row per drawn tile,
 *       slides in pool order, each slide's tiles ascending; each slide id and group is quoted
 *       once by commons-csv, and rows are assembled from those bytes;</li>
 *   <li>{@value #INDICES}: the same {@code tile_idx} values as int64;</li>
 *   <li>{@value #STATS}: {@code group,full_tiles,full_slides,sampled_tiles,sampled_slides,
 *       fair_share,exhausted}, one row per group;</li>
 *   <li>{@value #CHART}: sampled versus full tiles per group, log scale;</li>
 *   <li>{@value #JOIN}, only after a store join: {@code slide_id,metadata_tiles,store_tiles}
 *       for every slide whose counts differed (the store's were used).</li>
 * </ul>
 * {@code tile_idx} is the store's global row when a store join is given, otherwise the tile's
 * row in the pool: slides in metadata file order, each slide's tiles in order.
 *
 * <p>Stateless; concurrent writes to different folders are safe. The stats, the join list and
 * the chart are written on a common-pool thread while the calling thread writes the per-tile
 * files; the call returns only when all are done.
 */
public final class MetadataSampleWriter {

    /** The per-tile CSV. */
    public static final String SAMPLED = "sampled.csv";
    /** The int64 {@code .npy} of tile indices. */
    public static final String INDICES = "indices.npy";
    /** The per-group CSV. */
    public static final String STATS = "stats.csv";
    /** The bar chart. */
    public static final String CHART = "sampled_vs_full.png";
    /** The list of slides whose counts came from the store. */
    public static final String JOIN = "join.csv";

    /** Rows between two progress reports (a power of two). */
    public static final int PROGRESS_ROWS = 1 << 20;

    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\n")
            .get();
    private static final Logger LOG = LoggerFactory.getLogger(MetadataSampleWriter.class);

    private MetadataSampleWriter() {
    }

    /**
     * Writes {@code sample} into the folder {@code out}.
     *
     * @param sample the draw
     * @param join the store join the pool came from, or {@code null} without a store
     * @param out the target folder; must be missing or empty unless {@code replace}
     * @param replace whether a non-empty {@code out} is replaced once the new folder is complete
     * @throws IllegalArgumentException when {@code out} is a file or not empty without
     *     {@code replace}
     * @throws UncheckedIOException when writing fails; {@code out} is then left as it was
     */
    public static void write(MetadataSample sample, StoreJoin join, Path out, boolean replace) {
        write(sample, join, out, replace, rows -> { });
    }

    /**
     * Writes {@code sample} into the folder {@code out}, reporting progress.
     *
     * @param sample the draw
     * @param join the store join the pool came from, or {@code null} without a store
     * @param out the target folder; must be missing or empty unless {@code replace}
     * @param replace whether a non-empty {@code out} is replaced once the new folder is complete
     * @param progress receives the number of {@value #SAMPLED} rows written so far, every
     *     {@value #PROGRESS_ROWS} rows and once at the end, on the calling thread
     * @throws IllegalArgumentException when {@code out} is a file or not empty without
     *     {@code replace}
     * @throws UncheckedIOException when writing fails; {@code out} is then left as it was
     */
    public static void write(MetadataSample sample, StoreJoin join, Path out, boolean replace,
            LongConsumer progress) {
        // LIMIT: indices.npy is built on the heap, 8 bytes per drawn tile (280 MB for 35M);
        // a draw of more than 2^31 - 9 tiles fails; raise -Xmx for draws of hundreds of millions.
        // LIMIT: sampled.csv takes about 90 bytes per row with TCGA slide ids (3.2 GB for 35M
        // rows); check the free space of the output's disk before a large draw.
        OutputFolders.checkTarget(out, replace, "metadata sample");
        Path abs = out.toAbsolutePath();
        Path tmp = OutputFolders.temporarySibling(abs);
        long start = System.nanoTime();
        try {
            Files.createDirectories(tmp);
            // the small files and the chart need only the counts: draw them meanwhile
            CompletableFuture<Void> side = CompletableFuture.runAsync(
                    () -> writeSmallFiles(sample, join, tmp));
            long csvDone;
            try {
                long[] indices = writeSampled(sample, join, tmp.resolve(SAMPLED), progress);
                csvDone = System.nanoTime();
                NpyWriter.writeInt64(tmp.resolve(INDICES), indices);
            } finally {
                awaitQuietly(side);
            }
            await(side);
            LOG.debug("{} {} ms, then {} {} ms", SAMPLED, (csvDone - start) / 1_000_000,
                    INDICES, (System.nanoTime() - csvDone) / 1_000_000);
            OutputFolders.publish(tmp, abs);
        } catch (IOException e) {
            OutputFolders.deleteTree(tmp, e);
            throw new UncheckedIOException("cannot write the metadata sample to " + out + ": "
                    + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            OutputFolders.deleteTree(tmp, e);
            throw new UncheckedIOException("cannot write the metadata sample to " + out + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (RuntimeException e) {
            OutputFolders.deleteTree(tmp, e);
            throw e;
        }
        LOG.info("wrote {} tiles to {} in {} ms", sample.size(), abs,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Writes the stats, the join list and the chart; runs beside the per-tile CSV. */
    private static void writeSmallFiles(MetadataSample sample, StoreJoin join, Path dir) {
        long start = System.nanoTime();
        try {
            List<GroupStats> stats = sample.stats();
            writeStats(stats, dir.resolve(STATS));
            if (join != null) {
                writeJoin(join, dir.resolve(JOIN));
            }
            SamplingChart.write(stats, sample.request().mode().label() + " draw of "
                    + String.format(Locale.ROOT, "%,d", sample.size()) + " tiles by "
                    + sample.pool().groupColumn(), dir.resolve(CHART));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.debug("{}, {} and the chart took {} ms", STATS, JOIN,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Waits for {@code side}; its failure is rethrown as it was raised. */
    private static void await(CompletableFuture<Void> side) throws IOException {
        try {
            side.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Waits for {@code side} without raising, so the folder is not deleted under it. */
    private static void awaitQuietly(CompletableFuture<Void> side) {
        try {
            side.join();
        } catch (CompletionException | CancellationException e) {
            // reported by await when the main write succeeded
        }
    }

    /** Writes the per-tile CSV; returns the tile indices in file order. */
    private static long[] writeSampled(MetadataSample sample, StoreJoin join, Path file,
            LongConsumer progress) throws IOException {
        MetadataPool pool = sample.pool();
        long[] firstTile = new long[pool.slideCount()];
        for (int s = 1; s < firstTile.length; s++) {
            firstTile[s] = firstTile[s - 1] + pool.tiles()[s - 1];
        }
        long[] indices = new long[Math.toIntExact(sample.size())];
        try (OutputStream os = Files.newOutputStream(file); RowWriter rows = new RowWriter(os)) {
            rows.text(field("slide_id") + ",tile_idx,"
                    + field(pool.groupColumn()) + "\n");
            byte[][] prefix = new byte[pool.slideCount()][];
            byte[][] suffix = new byte[pool.groupCount()][];
            int[] n = {0};
            sample.forEachTile((slide, tile) -> {
                if (prefix[slide] == null) {
                    prefix[slide] = (field(pool.slideIds().get(slide)) + ",")
                            .getBytes(StandardCharsets.UTF_8);
                }
                int g = pool.groupOfSlide()[slide];
                if (suffix[g] == null) {
                    suffix[g] = ("," + field(pool.groups().get(g)) + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                }
                long idx = join == null ? firstTile[slide] + tile : join.storeRow(slide, tile);
                indices[n[0]++] = idx;
                rows.row(prefix[slide], idx, suffix[g]);
                if ((n[0] & (PROGRESS_ROWS - 1)) == 0) {
                    progress.accept(n[0]);
                }
            });
        }
        progress.accept(indices.length);
        return indices;
    }

    /** Returns one CSV field, quoted by commons-csv only when it needs it. */
    private static String field(String value) {
        return CSV.format(value);
    }

    private static void writeStats(List<GroupStats> stats, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, CSV)) {
            csv.printRecord("group", "full_tiles", "full_slides", "sampled_tiles",
                    "sampled_slides", "fair_share", "exhausted");
            for (GroupStats s : stats) {
                csv.printRecord(s.group(), s.fullTiles(), s.fullSlides(), s.sampledTiles(),
                        s.sampledSlides(), String.format(Locale.ROOT, "%.2f", s.fairShare()),
                        s.exhausted());
            }
        }
    }

    private static void writeJoin(StoreJoin join, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, CSV)) {
            csv.printRecord("slide_id", "metadata_tiles", "store_tiles");
            for (StoreJoin.Mismatch m : join.mismatches()) {
                csv.printRecord(m.slideId(), m.metadataTiles(), m.storeTiles());
            }
        }
    }
}
