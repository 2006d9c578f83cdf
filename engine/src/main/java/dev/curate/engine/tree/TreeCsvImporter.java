package dev.curate.engine.tree;

import dev.curate.engine.io.TileTable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a per-tile tree CSV, as published with the pathology trees (Chen et al. 2025,
 * arXiv 2503.18709: {@code slide_id,tile_x,tile_y,level_1..level_L}) or written by
 * {@link TreeExporter} (with a {@code tile_idx} column), into a {@link ClusterTree} without
 * centroids and a {@link TileTable}.
 *
 * <p>Columns are found by name. {@code slide_id} and {@code level_1} are required; the levels
 * are {@code level_1, level_2, ...} without gaps; {@code tile_idx} is optional (without it a
 * tile's index is its data row number, from 0); {@code tile_x} and {@code tile_y} are optional
 * and come together. Level-1 members keep the file's row order; the members of a level-l
 * cluster are the level-(l-1) clusters in order of first appearance. Labels that are exactly
 * {@code 0 .. k-1} are kept; other labels become dense ids in order of first appearance, and
 * the {@link Report} records the original label of every id.
 *
 * <p>The file is streamed into primitive columns (8 bytes per row, 4 more with {@code tile_idx},
 * 8 more with coordinates) plus a few arrays per cluster, with no object per row; building the
 * tree and tile table at the end brings the peak to about 40 bytes per row. Rows in error
 * messages are data rows counted from 1 after the header. Stateless and thread safe.
 */
// LIMIT: one import holds every row in memory (about 40 bytes per row at the peak, so the
// 350M-row published trees need about 14 GiB of heap) and fails above 2^31 - 9 rows (one Java
// array); raise -Xmx, or import a subset of the rows.
public final class TreeCsvImporter {

    private static final Logger LOG = LoggerFactory.getLogger(TreeCsvImporter.class);

    private TreeCsvImporter() {
    }

    /**
     * How the labels of one level were read.
     *
     * @param level the level, from 1
     * @param relabelled whether the file's labels were not exactly {@code 0 .. k-1} and were
     *     replaced by dense ids in order of first appearance
     * @param originalLabels the file's label of every cluster id of the level, indexed by id
     */
    public record LevelLabels(int level, boolean relabelled, long[] originalLabels) {
    }

    /**
     * What an import found.
     *
     * @param file the file read
     * @param rows data rows read, one per tile
     * @param hadTileIndex whether the file had a {@code tile_idx} column
     * @param hadCoordinates whether tile coordinates were read
     * @param levels how the labels of every level were read, finest first
     */
    public record Report(Path file, long rows, boolean hadTileIndex, boolean hadCoordinates,
            List<LevelLabels> levels) {
    }

    /**
     * An imported tree with its tile table and report.
     *
     * @param tree the tree; its levels have no centroids
     * @param tiles slide and coordinates per tile; tiles the file does not list (gaps in
     *     {@code tile_idx}) lie on slide {@code ""} at {@code (-1, -1)}
     * @param report how the file was read
     */
    public record Imported(ClusterTree tree, TileTable tiles, Report report) {
    }

    /**
     * Reads {@code file}.
     *
     * @param file a UTF-8 CSV with a header row
     * @return the tree, its tile table and the report
     * @throws IllegalArgumentException for a missing column, a missing or non-integer value, a
     *     repeated tile index, or a cluster under two parents; the message names file, row and
     *     column
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Imported read(Path file) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .get();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.builder().setReader(r).setFormat(format).get()) {
            Columns cols = Columns.of(file, parser.getHeaderMap());
            Reading reading = new Reading(file, cols);
            for (CSVRecord rec : parser) {
                reading.add(rec);
            }
            Imported out = reading.finish();
            LOG.info("imported tree of {} levels over {} rows from {}", cols.levels().length,
                    out.report().rows(), file);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tree CSV " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Column positions found by name.
     *
     * @param slide position of {@code slide_id}
     * @param tileIdx position of {@code tile_idx}, or -1
     * @param x position of {@code tile_x}, or -1
     * @param y position of {@code tile_y}, or -1
     * @param levels positions of {@code level_1 .. level_L}
     */
    record Columns(int slide, int tileIdx, int x, int y, int[] levels) {

        static Columns of(Path file, Map<String, Integer> header) {
            if (header == null || !header.containsKey("slide_id")
                    || !header.containsKey("level_1")) {
                throw new IllegalArgumentException("tree CSV " + file + " needs columns slide_id"
                        + " and level_1..level_L, found " + (header == null ? "no header"
                        : header.keySet()));
            }
            if (header.containsKey("tile_x") != header.containsKey("tile_y")) {
                throw new IllegalArgumentException("tree CSV " + file
                        + " has only one of tile_x, tile_y; give both or neither");
            }
            List<Integer> levels = new ArrayList<>();
            while (header.containsKey("level_" + (levels.size() + 1))) {
                levels.add(header.get("level_" + (levels.size() + 1)));
            }
            for (String name : header.keySet()) {
                if (name.startsWith("level_") && !name.matches("level_[1-9][0-9]*")
                        || name.matches("level_[0-9]+")
                        && Integer.parseInt(name.substring(6)) > levels.size()) {
                    throw new IllegalArgumentException("tree CSV " + file + " has column " + name
                            + " but the levels stop at level_" + levels.size()
                            + " (expected level_1..level_L without gaps)");
                }
            }
            return new Columns(header.get("slide_id"), header.getOrDefault("tile_idx", -1),
                    header.getOrDefault("tile_x", -1), header.getOrDefault("tile_y", -1),
                    levels.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** The streaming state of one import. */
    private static final class Reading {

        private final Path file;
        private final Columns cols;
        private final int depth;
        private final LabelMap[] labels;
        /** Per level l (index l-1, l < depth): dense parent id of every dense cluster id. */
        private final GrowableInts[] parentOf;
        /** Per level l (index l-1, l < depth): the row where the cluster was first seen. */
        private final GrowableInts[] firstRow;
        private final GrowableInts level1 = new GrowableInts(1 << 16);
        private final GrowableInts slides = new GrowableInts(1 << 16);
        private final GrowableInts tileIdx;
        private final GrowableInts xs;
        private final GrowableInts ys;
        private final Map<String, Integer> slideIds = new HashMap<>();
        private final List<String> slideNames = new ArrayList<>();
        private final BitSet seenTiles = new BitSet();
        private final int[] dense;
        private int rows;
        private Boolean coordinates;

        Reading(Path file, Columns cols) {
            this.file = file;
            this.cols = cols;
            this.depth = cols.levels().length;
            this.labels = new LabelMap[depth];
            this.parentOf = new GrowableInts[depth];
            this.firstRow = new GrowableInts[depth];
            for (int l = 0; l < depth; l++) {
                labels[l] = new LabelMap();
                parentOf[l] = new GrowableInts(1024);
                firstRow[l] = new GrowableInts(1024);
            }
            this.tileIdx = cols.tileIdx() >= 0 ? new GrowableInts(1 << 16) : null;
            this.xs = cols.x() >= 0 ? new GrowableInts(1 << 16) : null;
            this.ys = cols.x() >= 0 ? new GrowableInts(1 << 16) : null;
            this.dense = new int[depth];
        }

        void add(CSVRecord rec) {
            int row = rows + 1;
            slides.add(slideId(value(rec, cols.slide(), "slide_id", row)));
            if (tileIdx != null) {
                tileIdx.add(tileIndex(value(rec, cols.tileIdx(), "tile_idx", row), row));
            }
            addCoordinates(rec, row);
            for (int l = 0; l < depth; l++) {
                String name = "level_" + (l + 1);
                long label = parseLong(value(rec, cols.levels()[l], name, row), name, row);
                dense[l] = labels[l].idOf(label);
            }
            level1.add(dense[0]);
            for (int l = 0; l + 1 < depth; l++) {
                link(l, row);
            }
            rows++;
        }

        /** Records that cluster dense[l] of level l+1 lies under dense[l+1], or fails. */
        private void link(int l, int row) {
            int child = dense[l];
            int parent = dense[l + 1];
            if (child == parentOf[l].size()) {
                parentOf[l].add(parent);
                firstRow[l].add(row);
            } else if (parentOf[l].get(child) != parent) {
                throw new IllegalArgumentException(file + " row " + row + ", column level_"
                        + (l + 2) + ": level-" + (l + 1) + " cluster " + labels[l].labelOf(child)
                        + " lies under level-" + (l + 2) + " cluster "
                        + labels[l + 1].labelOf(parent) + " here but under level-" + (l + 2)
                        + " cluster " + labels[l + 1].labelOf(parentOf[l].get(child))
                        + " at row " + firstRow[l].get(child)
                        + " (a cluster must have exactly one parent)");
            }
        }

        private String value(CSVRecord rec, int col, String name, int row) {
            if (col >= rec.size()) {
                throw new IllegalArgumentException(file + " row " + row + ", column " + name
                        + ": missing value (the row has " + rec.size() + " fields)");
            }
            return rec.get(col);
        }

        private int slideId(String slide) {
            Integer id = slideIds.get(slide);
            if (id == null) {
                id = slideNames.size();
                slideIds.put(slide, id);
                slideNames.add(slide);
            }
            return id;
        }

        private int tileIndex(String text, int row) {
            long t = parseLong(text, "tile_idx", row);
            if (t < 0 || t > Integer.MAX_VALUE - 9) {
                throw new IllegalArgumentException(file + " row " + row + ", column tile_idx: "
                        + t + " is outside 0.." + (Integer.MAX_VALUE - 9));
            }
            if (seenTiles.get((int) t)) {
                throw new IllegalArgumentException(file + " row " + row + ", column tile_idx: "
                        + "tile " + t + " appears a second time");
            }
            seenTiles.set((int) t);
            return (int) t;
        }

        /** Coordinates are known when the first row has them; then every row must. */
        private void addCoordinates(CSVRecord rec, int row) {
            if (xs == null) {
                return;
            }
            String x = value(rec, cols.x(), "tile_x", row).trim();
            String y = value(rec, cols.y(), "tile_y", row).trim();
            if (coordinates == null) {
                coordinates = !x.isEmpty() || !y.isEmpty();
            }
            if (coordinates) {
                xs.add((int) parseInt(x, "tile_x", row));
                ys.add((int) parseInt(y, "tile_y", row));
            } else if (!x.isEmpty() || !y.isEmpty()) {
                throw new IllegalArgumentException(file + " row " + row + ": tile_x/tile_y '"
                        + x + "'/'" + y + "' given but earlier rows have none");
            }
        }

        private long parseInt(String text, String name, int row) {
            long v = parseLong(text, name, row);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(file + " row " + row + ", column " + name
                        + ": " + v + " does not fit a 32-bit integer");
            }
            return v;
        }

        private long parseLong(String text, String name, int row) {
            String t = text.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException(file + " row " + row + ", column " + name
                        + ": missing value");
            }
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " row " + row + ", column " + name
                        + ": '" + text + "' is not an integer");
            }
        }

        Imported finish() {
            int[][] finalIds = new int[depth][];
            List<LevelLabels> report = new ArrayList<>(depth);
            for (int l = 0; l < depth; l++) {
                boolean keep = labels[l].isDenseFromZero();
                finalIds[l] = new int[labels[l].count()];
                for (int id = 0; id < finalIds[l].length; id++) {
                    finalIds[l][id] = keep ? (int) labels[l].labelOf(id) : id;
                }
                report.add(new LevelLabels(l + 1, !keep, labels[l].labels()));
            }
            List<TreeLevel> levels = new ArrayList<>(depth);
            levels.add(level1(finalIds[0]));
            for (int l = 1; l < depth; l++) {
                levels.add(upperLevel(l, finalIds[l - 1], finalIds[l]));
            }
            TileTable tiles = tileTable();
            ClusterTree tree = new ClusterTree(levels, tiles.tileCount());
            return new Imported(tree, tiles, new Report(file, rows, tileIdx != null,
                    Boolean.TRUE.equals(coordinates), List.copyOf(report)));
        }

        /** Level 1: each cluster's tiles in row order (a stable counting sort). */
        private TreeLevel level1(int[] finalId) {
            long[] offsets = new long[finalId.length + 1];
            for (int r = 0; r < rows; r++) {
                offsets[finalId[level1.get(r)] + 1]++;
            }
            for (int c = 0; c < finalId.length; c++) {
                offsets[c + 1] += offsets[c];
            }
            long[] members = new long[rows];
            long[] next = offsets.clone();
            for (int r = 0; r < rows; r++) {
                int tile = tileIdx == null ? r : tileIdx.get(r);
                members[(int) next[finalId[level1.get(r)]]++] = tile;
            }
            return new TreeLevel(offsets, members, null, 0);
        }

        /** Level l+1: each cluster's children in order of first appearance. */
        private TreeLevel upperLevel(int l, int[] childFinal, int[] parentFinal) {
            GrowableInts parents = parentOf[l - 1];
            long[] offsets = new long[parentFinal.length + 1];
            for (int child = 0; child < parents.size(); child++) {
                offsets[parentFinal[parents.get(child)] + 1]++;
            }
            for (int c = 0; c < parentFinal.length; c++) {
                offsets[c + 1] += offsets[c];
            }
            long[] members = new long[parents.size()];
            long[] next = offsets.clone();
            for (int child = 0; child < parents.size(); child++) {
                members[(int) next[parentFinal[parents.get(child)]]++] = childFinal[child];
            }
            return new TreeLevel(offsets, members, null, 0);
        }

        private TileTable tileTable() {
            int count = tileIdx == null ? rows : seenTiles.length();
            boolean gaps = count > rows;
            List<String> names = new ArrayList<>(slideNames);
            int unknownSlide = gaps ? names.size() : -1;
            if (gaps) {
                names.add("");
            }
            boolean coords = Boolean.TRUE.equals(coordinates);
            int[] slideOf = new int[count];
            int[] x = coords ? new int[count] : null;
            int[] y = coords ? new int[count] : null;
            if (gaps) {
                Arrays.fill(slideOf, unknownSlide);
                if (coords) {
                    Arrays.fill(x, -1);
                    Arrays.fill(y, -1);
                }
            }
            for (int r = 0; r < rows; r++) {
                int t = tileIdx == null ? r : tileIdx.get(r);
                slideOf[t] = slides.get(r);
                if (coords) {
                    x[t] = xs.get(r);
                    y[t] = ys.get(r);
                }
            }
            return new TileTable(names, slideOf, x, y);
        }
    }
}
