package dev.curate.engine.stratify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the strata of one level from a per-tile tree CSV ({@code slide_id,[tile_x,tile_y,]
 * level_1..level_L[,tile_idx]}, as {@code curate export} writes it and the pathology trees are
 * published), plain or gzip'd ({@code .gz}). A tile's {@code ind} is its rank among its
 * slide's rows in file order; its stratum is its {@code level_H} label.
 *
 * <p>Streams the file once and keeps only the pool (4 bytes per row plus 8 per run). Lines
 * without a double quote are split on commas by hand, which is several times faster than a
 * general CSV parser on 350M rows; lines with a quote are parsed by commons-csv, so quoted
 * commas in slide ids are handled. Line numbers in errors count the header as line 1.
 * Stateless and thread safe.
 */
// LIMIT: a quoted field holding a line break is read as two lines and refused; such slide ids
// must be renamed before stratifying.
// LIMIT: only the chosen level's column and each row's field count are checked, so a bad value
// in another level column passes unnoticed; run curate import-tree to validate a whole file.
public final class TreeStrataReader {

    private static final Logger LOG = LoggerFactory.getLogger(TreeStrataReader.class);
    private static final int DIRECT_LABELS = 1 << 16;

    private TreeStrataReader() {
    }

    /**
     * What a read found.
     *
     * @param pool the tiles in strata
     * @param level the level read, from 1
     * @param levels the number of levels in the file
     * @param rows data rows read
     * @param quotedRows rows that held a double quote and went through the CSV parser
     */
    public record Result(StrataPool pool, int level, int levels, long rows, long quotedRows) {
    }

    /**
     * Reads {@code file}.
     *
     * @param file a UTF-8 tree CSV with a header row; gzip'd when its name ends in {@code .gz}
     * @param level the level whose clusters are the strata, from 1; {@code null} for the top
     * @return the pool and what was read
     * @throws IllegalArgumentException for a missing column, an unknown level, a row with the
     *     wrong number of fields or a non-integer label, naming the file and line
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Result read(Path file, Integer level) {
        long t0 = System.nanoTime();
        try (BufferedReader in = open(file)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException("tree CSV " + file + " is empty (expected a "
                        + "header slide_id,level_1..level_L)");
            }
            Reading r = new Reading(file, header, level);
            long line = 1;
            for (String text; (text = in.readLine()) != null; ) {
                line++;
                if (!text.isEmpty()) {
                    r.add(text, line);
                }
            }
            Result out = new Result(r.builder.build(), r.level, r.levels, r.rows, r.quoted);
            LOG.info("read {} rows of {} into {} strata of level {} over {} slides in {} ms",
                    out.rows(), file, out.pool().strataCount(), out.level(),
                    out.pool().slideCount(), (System.nanoTime() - t0) / 1_000_000);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tree CSV " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 20);
    }

    /** Parses one line with commons-csv (lines that hold a quote). */
    static List<String> parseQuoted(String line) throws IOException {
        try (CSVParser p = CSVParser.parse(line, CSVFormat.DEFAULT)) {
            List<CSVRecord> recs = p.getRecords();
            List<String> out = new ArrayList<>();
            if (!recs.isEmpty()) {
                recs.get(0).forEach(out::add);
            }
            return out;
        }
    }

    /** The streaming state of one read. */
    private static final class Reading {

        private final Path file;
        private final int fields;
        private final int slideCol;
        private final int labelCol;
        private final int level;
        private final int levels;
        private final String labelName;
        private final StrataPool.Builder builder = new StrataPool.Builder();
        private final int[] directLabels = new int[DIRECT_LABELS];
        private final Map<Long, Integer> otherLabels = new HashMap<>();
        private String lastSlide = "";
        private int lastSlideIndex = -1;
        private long rows;
        private long quoted;

        Reading(Path file, String header, Integer wanted) throws IOException {
            this.file = file;
            List<String> names = parseQuoted(header);
            this.fields = names.size();
            this.slideCol = names.indexOf("slide_id");
            int n = 0;
            while (names.contains("level_" + (n + 1))) {
                n++;
            }
            if (slideCol < 0 || n == 0) {
                throw new IllegalArgumentException("tree CSV " + file + " needs columns slide_id"
                        + " and level_1..level_L, found " + names);
            }
            this.levels = n;
            this.level = wanted == null ? n : wanted;
            if (level < 1 || level > n) {
                throw new IllegalArgumentException("--level " + level + " is not a level of "
                        + file + " (it has levels 1.." + n + ")");
            }
            this.labelName = "level_" + level;
            this.labelCol = names.indexOf(labelName);
            Arrays.fill(directLabels, -1);
        }

        void add(String text, long line) throws IOException {
            String slide;
            long label;
            if (text.indexOf('"') >= 0) {
                quoted++;
                List<String> f = parseQuoted(text);
                checkFields(f.size(), line);
                slide = f.get(slideCol);
                label = parseLabel(f.get(labelCol), 0, f.get(labelCol).length(), line);
                addTile(slide, label);
            } else {
                addUnquoted(text, line);
            }
            rows++;
        }

        private void addUnquoted(String text, long line) {
            int slideFrom = -1;
            int slideTo = -1;
            int labelFrom = -1;
            int labelTo = -1;
            int col = 0;
            int start = 0;
            int len = text.length();
            for (int i = 0; i <= len; i++) {
                if (i == len || text.charAt(i) == ',') {
                    if (col == slideCol) {
                        slideFrom = start;
                        slideTo = i;
                    }
                    if (col == labelCol) {
                        labelFrom = start;
                        labelTo = i;
                    }
                    col++;
                    start = i + 1;
                }
            }
            checkFields(col, line);
            long label = parseLabel(text, labelFrom, labelTo, line);
            int slideLen = slideTo - slideFrom;
            int slide;
            if (slideLen == lastSlide.length()
                    && text.regionMatches(slideFrom, lastSlide, 0, slideLen)) {
                slide = lastSlideIndex;
            } else {
                slide = slideIndex(text.substring(slideFrom, slideTo));
            }
            builder.addTile(slide, stratum(label));
        }

        private void addTile(String slide, long label) {
            int k = slide.equals(lastSlide) ? lastSlideIndex : slideIndex(slide);
            builder.addTile(k, stratum(label));
        }

        private int slideIndex(String slide) {
            lastSlide = slide;
            lastSlideIndex = builder.slide(slide);
            return lastSlideIndex;
        }

        private int stratum(long label) {
            if (label >= 0 && label < DIRECT_LABELS) {
                int s = directLabels[(int) label];
                if (s < 0) {
                    s = builder.stratum(Long.toString(label));
                    directLabels[(int) label] = s;
                }
                return s;
            }
            return otherLabels.computeIfAbsent(label, l -> builder.stratum(Long.toString(l)));
        }

        private void checkFields(int found, long line) {
            if (found != fields) {
                throw new IllegalArgumentException(file + " line " + line + ": " + found
                        + " fields, expected " + fields + " as in the header");
            }
        }

        private long parseLabel(String text, int from, int to, long line) {
            int i = from;
            boolean negative = i < to && text.charAt(i) == '-';
            if (negative) {
                i++;
            }
            if (i == to || to - i > 18) {
                throw badLabel(text.substring(from, to), line);
            }
            long v = 0;
            for (; i < to; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw badLabel(text.substring(from, to), line);
                }
                v = v * 10 + (c - '0');
            }
            return negative ? -v : v;
        }

        private IllegalArgumentException badLabel(String value, long line) {
            return new IllegalArgumentException(file + " line " + line + ", column " + labelName
                    + ": '" + value + "' is not an integer cluster label");
        }
    }
}
