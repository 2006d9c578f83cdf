package dev.curate.engine.metadata;

import dev.curate.engine.io.OutputFolders;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Adds a standard tissue column to a CSV of raw tissue names. With an id column the output is
 * {@code slide_id,<raw column>,<standard column>}, ready to join with slide metadata; without
 * one it is every input column plus the standard column. The output is written to a temporary
 * name and renamed when complete; when any name is unmatched nothing is written. Stateless.
 */
public final class TissueTable {

    private static final CSVFormat IN = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .get();
    private static final CSVFormat OUT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n")
            .get();

    /**
     * What a run did.
     *
     * @param rows the data rows written
     * @param matches each distinct raw name and how it was mapped, in first-seen order
     */
    public record Result(long rows, Map<String, TissueMatch> matches) {
    }

    /**
     * Which columns to read and write.
     *
     * @param column the column of raw tissue names
     * @param idColumn the slide id column, written as {@code slide_id}; {@code null} to copy
     *     every input column
     * @param outColumn the name of the added standard column
     */
    public record Columns(String column, String idColumn, String outColumn) {
    }

    private TissueTable() {
    }

    /**
     * Standardises the tissue column of {@code input} into {@code out}.
     *
     * @param input the CSV with a header row
     * @param columns the columns to read and write
     * @param standardizer the mapping
     * @param out the output CSV; replaced atomically
     * @return the rows written and the mapping used
     * @throws IllegalArgumentException when a column is missing, the output column already
     *     exists, or any raw name is unmatched (all are listed)
     */
    public static Result standardize(Path input, Columns columns,
            TissueStandardizer standardizer, Path out) {
        List<CSVRecord> records;
        List<String> header;
        try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                CSVParser parser = IN.parse(in)) {
            header = parser.getHeaderNames();
            checkColumns(input, header, columns);
            records = parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + input, e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(input + ": malformed CSV: "
                    + e.getCause().getMessage(), e);
        }
        List<String> raws = new ArrayList<>(records.size());
        for (CSVRecord r : records) {
            raws.add(r.get(columns.column()));
        }
        Map<String, TissueMatch> matches = standardizer.matchAll(raws);
        write(records, header, columns, matches, out);
        return new Result(records.size(), matches);
    }

    private static void checkColumns(Path input, List<String> header, Columns columns) {
        for (String c : new String[] {columns.column(), columns.idColumn()}) {
            if (c != null && !header.contains(c)) {
                throw new IllegalArgumentException(input + ": no column '" + c
                        + "'; the file has columns " + header);
            }
        }
        if (columns.idColumn() == null && header.contains(columns.outColumn())) {
            throw new IllegalArgumentException(input + " already has a column '"
                    + columns.outColumn() + "'; name the standard column otherwise");
        }
    }

    private static void write(List<CSVRecord> records, List<String> header, Columns columns,
            Map<String, TissueMatch> matches, Path out) {
        Path abs = out.toAbsolutePath();
        Path tmp = OutputFolders.temporarySibling(abs);
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                    CSVPrinter csv = new CSVPrinter(w, OUT)) {
                List<String> outHeader = columns.idColumn() == null ? new ArrayList<>(header)
                        : new ArrayList<>(List.of("slide_id", columns.column()));
                outHeader.add(columns.outColumn());
                csv.printRecord(outHeader);
                for (CSVRecord r : records) {
                    List<String> row = columns.idColumn() == null ? new ArrayList<>(r.toList())
                            : new ArrayList<>(List.of(r.get(columns.idColumn()),
                                    r.get(columns.column())));
                    row.add(matches.get(r.get(columns.column())).standard());
                    csv.printRecord(row);
                }
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
