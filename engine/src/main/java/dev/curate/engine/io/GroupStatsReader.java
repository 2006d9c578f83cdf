package dev.curate.engine.io;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the per-group {@code stats.csv} of a metadata-balanced sample, columns found by name:
 * {@code group,full_tiles,full_slides,sampled_tiles,sampled_slides,fair_share,exhausted}.
 * The page draws sampled against full per group from it.
 */
public final class GroupStatsReader {

    /** The columns, in the order the metadata command writes them. */
    public static final List<String> COLUMNS = List.of("group", "full_tiles", "full_slides",
            "sampled_tiles", "sampled_slides", "fair_share", "exhausted");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();

    private GroupStatsReader() {
    }

    /**
     * One group's row.
     *
     * @param group the group's value (for example a tissue site)
     * @param fullTiles tiles of the group in the pool
     * @param fullSlides slides of the group in the pool
     * @param sampledTiles tiles of the group in the sample
     * @param sampledSlides slides of the group in the sample
     * @param fairShare the group's equal share of the target, in tiles
     * @param exhausted whether the group ran out of tiles before its fair share
     */
    public record GroupStats(String group, long fullTiles, long fullSlides, long sampledTiles,
            long sampledSlides, double fairShare, boolean exhausted) {
    }

    /**
     * Reads every row of {@code csv}.
     *
     * @param csv the file
     * @return the rows in file order
     * @throws IllegalArgumentException if a column is missing or a value does not parse,
     *     naming the file, line and column
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<GroupStats> read(Path csv) {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(in)) {
            for (String c : COLUMNS) {
                if (!parser.getHeaderMap().containsKey(c)) {
                    throw new IllegalArgumentException(csv + ": column '" + c + "' missing;"
                            + " expected columns " + String.join(",", COLUMNS) + ", found "
                            + String.join(",", parser.getHeaderNames()));
                }
            }
            List<GroupStats> rows = new ArrayList<>();
            for (CSVRecord r : parser) {
                rows.add(new GroupStats(r.get("group"), count(csv, r, "full_tiles"),
                        count(csv, r, "full_slides"), count(csv, r, "sampled_tiles"),
                        count(csv, r, "sampled_slides"), share(csv, r),
                        flag(csv, r)));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read group stats " + csv, e);
        }
    }

    private static long count(Path csv, CSVRecord r, String column) {
        String v = r.get(column);
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the place
        }
        throw new IllegalArgumentException(csv + " row " + r.getRecordNumber() + " column "
                + column + ": '" + v + "' is not a count; expected an integer >= 0");
    }

    private static double share(Path csv, CSVRecord r) {
        String v = r.get("fair_share");
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(csv + " row " + r.getRecordNumber()
                    + " column fair_share: '" + v + "' is not a number", e);
        }
    }

    private static boolean flag(Path csv, CSVRecord r) {
        String v = r.get("exhausted");
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return false;
        }
        throw new IllegalArgumentException(csv + " row " + r.getRecordNumber()
                + " column exhausted: '" + v + "' is not a flag; expected true/false or 1/0");
    }
}
