package dev.curate.engine.demo;

import dev.curate.engine.io.NpyWriter;
import dev.curate.engine.io.TileTable;
import dev.curate.engine.kmeans.FloatMatrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the demo's embeddings as the files a user would bring: {@code embeddings.npy}
 * (float32, tiles x {@link HistologyDescriptor#DIM}) and a per-tile table {@code tiles.csv}
 * ({@code slide_id,tile_x,tile_y}), so the demo runs the same ingest path as real data.
 */
public final class DemoFiles {

    /** File name of the embeddings. */
    public static final String EMBEDDINGS = "embeddings.npy";
    /** File name of the per-tile table. */
    public static final String TILES = "tiles.csv";

    private DemoFiles() {
    }

    /**
     * Writes {@code demo}'s embeddings and tile table into {@code dir}, each through a temporary
     * name renamed when complete.
     *
     * @param demo the demo embeddings
     * @param dir the folder, created when missing
     */
    public static void write(DemoEmbeddings demo, Path dir) {
        FloatMatrix v = demo.vectors();
        try {
            Files.createDirectories(dir);
            NpyWriter.writeFloat32(dir.resolve(EMBEDDINGS), v.data(), v.rowCount(), v.dim());
            writeTiles(demo.tileTable(), dir.resolve(TILES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo input to " + dir, e);
        }
    }

    private static void writeTiles(TileTable table, Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, format)) {
            csv.printRecord("slide_id", "tile_x", "tile_y");
            for (int t = 0; t < table.tileCount(); t++) {
                csv.printRecord(table.slideOf(t), table.tileX()[t], table.tileY()[t]);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
