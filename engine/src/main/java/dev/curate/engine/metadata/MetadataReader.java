package dev.curate.engine.metadata;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads slide metadata CSVs into one {@link MetadataPool}. Columns are found by name (files may
 * order them differently), quoted fields may hold commas, and each file needs
 * {@code slide_id}, {@code num_tiles} and the group column. Slides keep file order: the files in
 * the order given, each file in row order.
 *
 * <p>A group value that is empty or one of {@code NA}, {@code N/A}, {@code NaN} (any case) is
 * missing: by default such slides form the group {@value #MISSING_GROUP}; on request they are
 * dropped. Either way a warning states their count. Stateless and thread safe.
 */
public final class MetadataReader {

    /** The group of slides whose group value is missing. */
    public static final String MISSING_GROUP = "(missing)";

    private static final Set<String> MISSING_MARKERS = Set.of("", "na", "n/a", "nan");
    private static final int NAMED_IN_ERRORS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(MetadataReader.class);
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();

    /**
     * A read pool and what happened to its missing group values.
     *
     * @param pool the slides read
     * @param missing the slides whose group value was missing
     */
    public record Result(MetadataPool pool, MissingGroups missing) {
    }

    private MetadataReader() {
    }

    /**
     * Reads {@code files} as one pool grouped by {@code groupColumn}.
     *
     * @param files the metadata CSVs, UTF-8 with a header row; at least one
     * @param groupColumn the column that defines the groups, such as {@code tissue_diagnosis}
     * @param dropMissing whether slides with a missing group value are left out instead of
     *     forming the group {@value #MISSING_GROUP}
     * @return the pool and the missing-value report
     * @throws IllegalArgumentException when a file lacks a needed column, a slide id is empty
     *     or repeats (within or across files), or a {@code num_tiles} value is not an integer
     *     of at least 0
     */
    public static Result read(List<Path> files, String groupColumn, boolean dropMissing) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no metadata file given");
        }
        Rows rows = new Rows();
        for (Path file : files) {
            readFile(file, groupColumn, rows);
        }
        checkDuplicates(rows);
        return rows.build(groupColumn, dropMissing);
    }

    private static void readFile(Path file, String groupColumn, Rows rows) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(in)) {
            Set<String> columns = parser.getHeaderMap().keySet();
            for (String needed : List.of("slide_id", "num_tiles", groupColumn)) {
                if (!columns.contains(needed)) {
                    throw new IllegalArgumentException(file + ": no column '" + needed
                            + "'; the file has columns " + columns);
                }
            }
            for (CSVRecord record : parser) {
                rows.add(file, record, groupColumn);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metadata " + file, e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": malformed CSV: "
                    + e.getCause().getMessage(), e);
        }
    }

    /** Returns whether a group value counts as missing. */
    static boolean isMissing(String value) {
        return value == null || MISSING_MARKERS.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    private static void checkDuplicates(Rows rows) {
        Map<String, List<String>> seen = new HashMap<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        for (int i = 0; i < rows.ids.size(); i++) {
            String id = rows.ids.get(i);
            List<String> where = seen.computeIfAbsent(id, k -> new ArrayList<>(1));
            where.add(rows.where.get(i));
            if (where.size() == 2) {
                repeated.put(id, where);
            }
        }
        if (repeated.isEmpty()) {
            return;
        }
        StringBuilder msg = new StringBuilder("duplicate slide ids (" + repeated.size()
                + " slides; each slide id may appear once across all metadata files):");
        repeated.entrySet().stream().limit(NAMED_IN_ERRORS).forEach(e -> msg.append(' ')
                .append(e.getKey()).append(" at ").append(String.join(" and ", e.getValue()))
                .append(';'));
        if (repeated.size() > NAMED_IN_ERRORS) {
            msg.append(" and ").append(repeated.size() - NAMED_IN_ERRORS).append(" more");
        }
        throw new IllegalArgumentException(msg.toString());
    }

    /** The rows read so far, one entry per row in every list. */
    private static final class Rows {
        final List<String> ids = new ArrayList<>();
        final List<String> where = new ArrayList<>();
        final List<String> groupValues = new ArrayList<>();
        final List<Long> tiles = new ArrayList<>();

        void add(Path file, CSVRecord record, String groupColumn) {
            String at = file.getFileName() + " data row " + record.getRecordNumber();
            if (!record.isConsistent()) {
                throw new IllegalArgumentException(file + ": data row " + record.getRecordNumber()
                        + " has " + record.size() + " fields, the header has "
                        + record.getParser().getHeaderNames().size());
            }
            String id = record.get("slide_id");
            if (id.isEmpty()) {
                throw new IllegalArgumentException(file + ": empty slide_id in data row "
                        + record.getRecordNumber());
            }
            ids.add(id);
            where.add(at);
            groupValues.add(record.get(groupColumn));
            tiles.add(parseTiles(file, record, id));
        }

        private static long parseTiles(Path file, CSVRecord record, String id) {
            String text = record.get("num_tiles");
            try {
                long n = Long.parseLong(text);
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below with the row
            }
            throw new IllegalArgumentException(file + ": slide " + id + " (data row "
                    + record.getRecordNumber() + ") has num_tiles '" + text
                    + "', expected an integer of at least 0");
        }

        Result build(String groupColumn, boolean dropMissing) {
            Map<String, Integer> groupIndex = new LinkedHashMap<>();
            List<String> keptIds = new ArrayList<>(ids.size());
            long[] keptTiles = new long[ids.size()];
            int[] groupOf = new int[ids.size()];
            long missingSlides = 0;
            long missingTiles = 0;
            int kept = 0;
            for (int i = 0; i < ids.size(); i++) {
                String group = groupValues.get(i);
                if (isMissing(group)) {
                    missingSlides++;
                    missingTiles += tiles.get(i);
                    if (dropMissing) {
                        continue;
                    }
                    group = MISSING_GROUP;
                }
                keptIds.add(ids.get(i));
                keptTiles[kept] = tiles.get(i);
                groupOf[kept++] = groupIndex.computeIfAbsent(group, k -> groupIndex.size());
            }
            MissingGroups missing = new MissingGroups(missingSlides, missingTiles, dropMissing);
            if (missingSlides > 0) {
                LOG.warn("{} slides ({} tiles) have no {} value (empty or NA): {}",
                        missingSlides, missingTiles, groupColumn, dropMissing
                                ? "left out of the pool as asked"
                                : "they form the group " + MISSING_GROUP
                                        + "; pass --drop-missing to leave them out");
            }
            MetadataPool pool = new MetadataPool(groupColumn, keptIds,
                    Arrays.copyOf(keptTiles, kept), Arrays.copyOf(groupOf, kept),
                    new ArrayList<>(groupIndex.keySet()));
            return new Result(pool, missing);
        }
    }
}
