package dev.curate.engine.tree;

import dev.curate.engine.io.NpyWriter;
import dev.curate.engine.io.TileTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a curated subset to a folder: {@code indices.npy} (int64 global tile indices),
 * {@code curated.csv} ({@code slide_id,tile_idx[,tile_x,tile_y]}, one row per entry, repeats
 * included) and {@code stats.csv} (one row per top-level cluster). Each file is written to a
 * temporary name and renamed when complete, so a failure never leaves a half-written file.
 */
public final class CuratedSubsetWriter {

    private CuratedSubsetWriter() {
    }

    /**
     * Writes {@code subset} for tiles described by {@code tiles} into {@code out}.
     *
     * @param subset the sampler's result
     * @param tiles the tile table of the store the tree was built on
     * @param out the output folder, created when missing
     */
    public static void write(HierarchicalSampler.Result subset, TileTable tiles, Path out) {
        checkCovers(tiles, subset.indices());
        try {
            Files.createDirectories(out);
            NpyWriter.writeInt64(out.resolve("indices.npy"), subset.indices());
            writeAtomically(out.resolve("curated.csv"), w -> writeCurated(subset, tiles, w));
            writeAtomically(out.resolve("stats.csv"), w -> writeStats(subset, w));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the curated subset to " + out, e);
        }
    }

    /**
     * Writes {@code indices.npy} and {@code curated.csv} for a subset known only by its tile
     * indices (drawn elsewhere, such as by the runtime's sampling verticle); no stats file,
     * since the per-cluster stats are not known here.
     *
     * @param indices the subset's global tile indices, in draw order
     * @param tiles the tile table of the pool the tree was built on
     * @param out the output folder, created when missing
     */
    public static void writeIndices(long[] indices, TileTable tiles, Path out) {
        checkCovers(tiles, indices);
        HierarchicalSampler.Result subset = new HierarchicalSampler.Result(indices, List.of());
        try {
            Files.createDirectories(out);
            NpyWriter.writeInt64(out.resolve("indices.npy"), indices);
            writeAtomically(out.resolve("curated.csv"), w -> writeCurated(subset, tiles, w));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the curated subset to " + out, e);
        }
    }

    /** Refuses, before anything is written, a tile table that does not name every tile. */
    private static void checkCovers(TileTable tiles, long[] indices) {
        long largest = -1;
        for (long t : indices) {
            largest = Math.max(largest, t);
        }
        if (largest >= tiles.tileCount()) {
            throw new IllegalArgumentException("the subset names tile " + largest + " but the "
                    + "tile table has only " + tiles.tileCount() + " tiles"
                    + (tiles.tileCount() == 0 ? " (a store that holds only a tree, such as a "
                    + "curate launch --tree-store without --tiles)" : "") + "; nothing written");
        }
    }

    private static void writeCurated(HierarchicalSampler.Result subset, TileTable tiles,
            CSVPrinter csv) throws IOException {
        boolean xy = tiles.hasCoordinates();
        if (xy) {
            csv.printRecord("slide_id", "tile_idx", "tile_x", "tile_y");
        } else {
            csv.printRecord("slide_id", "tile_idx");
        }
        for (long t : subset.indices()) {
            int i = Math.toIntExact(t);
            if (xy) {
                csv.printRecord(tiles.slideOf(t), t, tiles.tileX()[i], tiles.tileY()[i]);
            } else {
                csv.printRecord(tiles.slideOf(t), t);
            }
        }
    }

    private static void writeStats(HierarchicalSampler.Result subset, CSVPrinter csv)
            throws IOException {
        csv.printRecord("cluster", "full_size", "quota", "taken", "duplicates");
        for (HierarchicalSampler.ClusterStats s : subset.stats()) {
            csv.printRecord(s.cluster(), s.fullSize(), s.quota(), s.taken(), s.duplicates());
        }
    }

    /** Writes a CSV to a temporary sibling and renames it over {@code file} when complete. */
    static void writeAtomically(Path file, CsvBody body) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, TreeExporter.CSV)) {
            body.write(csv);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The body of a CSV file. */
    @FunctionalInterface
    interface CsvBody {
        void write(CSVPrinter csv) throws IOException;
    }
}
