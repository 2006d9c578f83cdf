package dev.curate.engine.stratify;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads slide metadata CSVs ({@code slide_id}, {@code num_tiles} and the stratum column, found
 * by name, quoted commas allowed) into a pool where every tile of a slide lies in its slide's
 * stratum; tiles are {@code 0 .. num_tiles - 1}. Files are read in order, each with its own
 * column order. Stateless and thread safe.
 */
// LIMIT: every tile is stored like a tree tile (4 bytes, plus 2 for its use-count), so the real
// 350M-tile TCGA + GTEx pool needs about 2.1 GB of heap; raise -Xmx (CURATE_JAVA_OPTS).
public final class MetadataStrataReader {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStrataReader.class);

    private MetadataStrataReader() {
    }

    /**
     * What a read found.
     *
     * @param pool the tiles in strata
     * @param slidesWithoutValue slides skipped because their stratum value was empty
     * @param tilesWithoutValue the tiles of those slides
     */
    public record Result(StrataPool pool, int slidesWithoutValue, long tilesWithoutValue) {
    }

    /**
     * Reads {@code files}.
     *
     * @param files UTF-8 CSVs with a header row
     * @param column the stratum column, in every file
     * @return the pool; slides with an empty value are left out and counted (and logged)
     * @throws IllegalArgumentException for a missing column, a repeated slide id, or a
     *     {@code num_tiles} that is not a non-negative integer, naming file and line
     */
    public static Result read(List<Path> files, String column) {
        StrataPool.Builder builder = new StrataPool.Builder();
        Map<String, String> seenIn = new HashMap<>();
        int emptySlides = 0;
        long emptyTiles = 0;
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .get();
        for (Path file : files) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                    CSVParser parser = CSVParser.builder().setReader(r).setFormat(format)
                            .get()) {
                checkColumns(file, parser.getHeaderMap(), column);
                for (CSVRecord rec : parser) {
                    long line = rec.getRecordNumber() + 1;
                    String slide = rec.get("slide_id");
                    String before = seenIn.put(slide, file + " line " + line);
                    if (before != null) {
                        throw new IllegalArgumentException(file + " line " + line + ": slide "
                                + slide + " appears again (first at " + before + ")");
                    }
                    int tiles = numTiles(rec.get("num_tiles"), file, line);
                    String value = rec.get(column).trim();
                    if (value.isEmpty()) {
                        emptySlides++;
                        emptyTiles += tiles;
                        continue;
                    }
                    builder.addTiles(builder.slide(slide), builder.stratum(value), tiles);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        if (emptySlides > 0) {
            LOG.warn("{} slides ({} tiles) have an empty {} and are left out of the strata",
                    emptySlides, emptyTiles, column);
        }
        return new Result(builder.build(), emptySlides, emptyTiles);
    }

    private static void checkColumns(Path file, Map<String, Integer> header, String column) {
        for (String name : new String[] {"slide_id", "num_tiles", column}) {
            if (header == null || !header.containsKey(name)) {
                throw new IllegalArgumentException("metadata CSV " + file + " has no column "
                        + name + " (found " + (header == null ? "no header" : header.keySet())
                        + ")");
            }
        }
    }

    private static int numTiles(String text, Path file, long line) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException(file + " line " + line + ", column num_tiles: '"
                + text + "' is not a non-negative integer");
    }
}
