package dev.curate.engine.io;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a tile table CSV (columns found by name, quoted fields allowed) for a pool of
 * {@code N} embedding rows. Three layouts are accepted:
 * <ul>
 *   <li>slide counts {@code slide_id,num_tiles}: slides in the row order of the embeddings;
 *       the counts must sum to {@code N};</li>
 *   <li>slide ranges {@code slide_id,start_index,end_index} (end exclusive): the ranges must
 *       cover {@code 0 .. N - 1} exactly, without gap or overlap;</li>
 *   <li>per-tile rows {@code slide_id,tile_x,tile_y}: one row per embedding row, in order.</li>
 * </ul>
 * A slide id may appear only once in the first two layouts. Other columns are ignored.
 *
 * <p>The table is built on the heap: 4 bytes per tile, 12 with coordinates, and at most
 * {@code Integer.MAX_VALUE} tiles.
 */
public final class TileTableReader {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();

    private TileTableReader() {
    }

    /**
     * Reads {@code csv} as the tile table of {@code rows} embedding rows.
     *
     * @param csv the tile table file, UTF-8 with a header row
     * @param rows the number of embedding rows, in {@code [0, Integer.MAX_VALUE]}
     * @return the table, one entry per embedding row
     * @throws IllegalArgumentException if the layout is unknown, a value is malformed, a slide
     *     id repeats, or the table does not describe exactly {@code rows} rows
     */
    public static TileTable read(Path csv, long rows) {
        // LIMIT: a pool of more than 2^31 - 1 tiles cannot have a tile table (TileTable uses
        // int arrays); split the pool into shards of fewer tiles.
        if (rows < 0 || rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tile table " + csv + " for " + rows
                    + " rows: a tile table holds at most " + Integer.MAX_VALUE + " tiles");
        }
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(in)) {
            Set<String> columns = parser.getHeaderMap().keySet();
            if (!columns.contains("slide_id")) {
                throw layoutError(csv, columns);
            }
            if (columns.contains("start_index") && columns.contains("end_index")) {
                return fromRanges(csv, parser, (int) rows);
            }
            if (columns.contains("num_tiles")) {
                return fromCounts(csv, parser, (int) rows);
            }
            if (columns.contains("tile_x") && columns.contains("tile_y")) {
                return fromTiles(csv, parser, (int) rows);
            }
            throw layoutError(csv, columns);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tile table " + csv, e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(csv + ": malformed CSV: "
                    + e.getCause().getMessage(), e);
        }
    }

    /** Reads the {@code slide_id,num_tiles} layout. */
    private static TileTable fromCounts(Path csv, CSVParser parser, int rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (CSVRecord record : parser) {
            String slide = slideId(csv, record);
            long n = integer(csv, record, "num_tiles");
            if (counts.put(slide, n) != null) {
                duplicates.add(slide);
            }
        }
        checkDuplicates(csv, duplicates);
        long sum = counts.values().stream().mapToLong(Long::longValue).sum();
        if (sum != rows) {
            throw new IllegalArgumentException(csv + ": num_tiles of " + counts.size()
                    + " slides sum to " + sum + " but the embeddings have " + rows + " rows");
        }
        int[] slideOfTile = new int[rows];
        int at = 0;
        int slide = 0;
        for (long n : counts.values()) {
            Arrays.fill(slideOfTile, at, at + (int) n, slide++);
            at += (int) n;
        }
        return new TileTable(new ArrayList<>(counts.keySet()), slideOfTile, null, null);
    }

    /** One {@code slide_id,start_index,end_index} row. */
    private record Range(String slide, int slideIndex, long start, long end) {
    }

    /** Reads the {@code slide_id,start_index,end_index} layout. */
    private static TileTable fromRanges(Path csv, CSVParser parser, int rows) {
        Map<String, Range> ranges = new LinkedHashMap<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (CSVRecord record : parser) {
            String slide = slideId(csv, record);
            long start = integer(csv, record, "start_index");
            long end = integer(csv, record, "end_index");
            if (end < start) {
                throw new IllegalArgumentException(csv + ": slide " + slide + " (data row "
                        + record.getRecordNumber() + ") ends at " + end + " before its start "
                        + start);
            }
            if (ranges.putIfAbsent(slide, new Range(slide, ranges.size(), start, end)) != null) {
                duplicates.add(slide);
            }
        }
        checkDuplicates(csv, duplicates);
        List<Range> sorted = new ArrayList<>(ranges.values());
        sorted.sort(Comparator.comparingLong(Range::start).thenComparingLong(Range::end));
        checkCoverage(csv, sorted, rows);
        int[] slideOfTile = new int[rows];
        for (Range r : sorted) {
            Arrays.fill(slideOfTile, (int) r.start(), (int) r.end(), r.slideIndex());
        }
        return new TileTable(new ArrayList<>(ranges.keySet()), slideOfTile, null, null);
    }

    /** Checks that the sorted ranges tile {@code 0 .. rows - 1} exactly. */
    private static void checkCoverage(Path csv, List<Range> sorted, int rows) {
        long covered = 0;
        String previous = null;
        for (Range r : sorted) {
            if (r.start() > covered) {
                throw new IllegalArgumentException(csv + ": gap: rows " + covered + ".."
                        + (r.start() - 1) + " belong to no slide (slide " + r.slide()
                        + " starts at " + r.start() + ")");
            }
            if (r.start() < covered) {
                throw new IllegalArgumentException(csv + ": overlap: slide " + r.slide()
                        + " starts at " + r.start() + " but slide " + previous + " ends at "
                        + covered + " (end exclusive)");
            }
            covered = r.end();
            previous = r.slide();
        }
        if (covered != rows) {
            String what = covered < rows ? "rows " + covered + ".." + (rows - 1)
                    + " belong to no slide" : "slide " + previous + " ends at " + covered;
            throw new IllegalArgumentException(csv + ": ranges cover rows 0.." + (covered - 1)
                    + " but the embeddings have " + rows + " rows: " + what);
        }
    }

    /** Reads the per-tile {@code slide_id,tile_x,tile_y} layout. */
    private static TileTable fromTiles(Path csv, CSVParser parser, int rows) {
        Map<String, Integer> slides = new LinkedHashMap<>();
        int[] slideOfTile = new int[rows];
        int[] tileX = new int[rows];
        int[] tileY = new int[rows];
        int t = 0;
        for (CSVRecord record : parser) {
            if (t == rows) {
                throw new IllegalArgumentException(csv + ": more tile rows than the " + rows
                        + " embedding rows (data row " + record.getRecordNumber() + ")");
            }
            String slide = slideId(csv, record);
            slideOfTile[t] = slides.computeIfAbsent(slide, s -> slides.size());
            tileX[t] = Math.toIntExact(integer(csv, record, "tile_x"));
            tileY[t] = Math.toIntExact(integer(csv, record, "tile_y"));
            t++;
        }
        if (t != rows) {
            throw new IllegalArgumentException(csv + ": " + t + " tile rows but the embeddings"
                    + " have " + rows + " rows: expected one tile row per embedding row");
        }
        if (slides.isEmpty()) {
            return TileTable.unnamed(0);
        }
        return new TileTable(new ArrayList<>(slides.keySet()), slideOfTile, tileX, tileY);
    }

    private static String slideId(Path csv, CSVRecord record) {
        String slide = record.get("slide_id");
        if (slide == null || slide.isEmpty()) {
            throw new IllegalArgumentException(csv + ": empty slide_id in data row "
                    + record.getRecordNumber());
        }
        return slide;
    }

    private static long integer(Path csv, CSVRecord record, String column) {
        String text = record.isSet(column) ? record.get(column) : null;
        try {
            long value = Long.parseLong(text == null ? "" : text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(csv + ": column " + column + " in data row "
                    + record.getRecordNumber() + " is '" + text
                    + "', expected a non-negative integer");
        }
    }

    private static void checkDuplicates(Path csv, Set<String> duplicates) {
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException(csv + ": duplicate slide ids " + duplicates
                    + ": each slide may appear once");
        }
    }

    private static IllegalArgumentException layoutError(Path csv, Set<String> columns) {
        return new IllegalArgumentException(csv + ": unknown tile table layout, columns "
                + columns + ": expected slide_id with num_tiles, slide_id with start_index and"
                + " end_index, or slide_id with tile_x and tile_y");
    }
}
