package dev.curate.engine.tree;

import dev.curate.engine.io.NpyWriter;
import dev.curate.engine.io.OutputFolders;
import dev.curate.engine.io.TileTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link ClusterTree} in the folder layout of the reference tools (Vo et al. 2024,
 * arXiv 2405.15613) plus the per-tile CSV of the pathology release (Chen et al. 2025,
 * arXiv 2503.18709):
 * <ul>
 *   <li>{@code level{l}/centroids.npy}: float32 {@code k x d}, only when the level has centroids;
 *   <li>{@code level{l}/assignment.npy}: int64, the cluster of every input of the level (level 1:
 *       global tile rows {@code 0 .. tileCount - 1}; level {@code l}: the clusters of level
 *       {@code l - 1}), -1 for an input no cluster holds;
 *   <li>{@code level{l}/members.npy} and {@code offsets.npy}: int64 CSR, members in tree order
 *       (closest to the centroid first for a clustered tree);
 *   <li>{@code tiles.csv}: {@code slide_id,tile_idx,tile_x,tile_y,level_1..level_L}, one row per
 *       tile the tree holds, in tile order; coordinates empty when unknown.
 * </ul>
 * The whole export is written into a hidden temporary folder next to the target and renamed
 * into place when complete, so a failed export never leaves a half-written folder.
 *
 * <p>Stateless; concurrent exports to different targets are safe.
 */
// LIMIT: tiles.csv cannot show an empty cluster (no tile carries its label), so importing the
// CSV drops empty clusters and renumbers that level densely; the level{l}/*.npy files keep them.
public final class TreeExporter {

    /** The record separator of every CSV this project writes. */
    static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private static final Logger LOG = LoggerFactory.getLogger(TreeExporter.class);

    private TreeExporter() {
    }

    /**
     * Exports {@code tree} to the folder {@code out}.
     *
     * @param tree the tree to write; not changed
     * @param tiles the slide and coordinates of every tile, with {@code tree.tileCount()} tiles,
     *     or {@code null} to write empty slide ids and coordinates
     * @param out the target folder; it must not exist, or be empty, or {@code replace} is set
     * @param replace whether an existing non-empty {@code out} is replaced (only once the new
     *     export is complete)
     * @throws IllegalArgumentException when {@code out} holds files and {@code replace} is not
     *     set, when the tile table does not match the tree, or when a cluster has no parent
     * @throws UncheckedIOException when writing fails; {@code out} is then left as it was
     */
    public static void export(ClusterTree tree, TileTable tiles, Path out, boolean replace) {
        OutputFolders.checkTarget(out, replace, "export");
        if (tiles != null && tiles.tileCount() != tree.tileCount()) {
            throw new IllegalArgumentException("tile table has " + tiles.tileCount()
                    + " tiles but the tree was built over " + tree.tileCount()
                    + (tiles.tileCount() == 0 ? " (a store that holds only a tree, such as a "
                    + "curate launch --tree-store without --tiles)" : ""));
        }
        Path abs = out.toAbsolutePath();
        Path tmp = OutputFolders.temporarySibling(abs);
        try {
            Files.createDirectories(tmp);
            long[][] assignments = assignments(tree);
            for (int l = 1; l <= tree.depth(); l++) {
                writeLevel(tree.level(l), assignments[l - 1], tmp.resolve("level" + l));
            }
            long rows = writeTilesCsv(assignments, tiles, tmp.resolve("tiles.csv"));
            OutputFolders.publish(tmp, abs);
            LOG.info("exported tree of {} levels, {} tiles held, to {}", tree.depth(), rows, abs);
        } catch (IOException e) {
            OutputFolders.deleteTree(tmp, e);
            throw new UncheckedIOException("cannot export the tree to " + out + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            OutputFolders.deleteTree(tmp, e);
            throw e;
        }
    }

    /** Returns, per level, the cluster of every input of that level. */
    static long[][] assignments(ClusterTree tree) {
        long[][] out = new long[tree.depth()][];
        for (int l = 1; l <= tree.depth(); l++) {
            long universe = l == 1 ? tree.tileCount() : tree.level(l - 1).clusterCount();
            out[l - 1] = tree.level(l).assignment(universe);
        }
        return out;
    }

    private static void writeLevel(TreeLevel level, long[] assignment, Path dir)
            throws IOException {
        Files.createDirectory(dir);
        if (level.hasCentroids()) {
            NpyWriter.writeFloat32(dir.resolve("centroids.npy"), level.centroids(),
                    level.clusterCount(), level.dim());
        }
        NpyWriter.writeInt64(dir.resolve("assignment.npy"), assignment);
        NpyWriter.writeInt64(dir.resolve("members.npy"), level.members());
        NpyWriter.writeInt64(dir.resolve("offsets.npy"), level.offsets());
    }

    /** Writes one row per held tile; returns the number of rows. */
    private static long writeTilesCsv(long[][] assignments, TileTable tiles, Path file)
            throws IOException {
        int depth = assignments.length;
        List<String> header = new ArrayList<>(List.of("slide_id", "tile_idx", "tile_x", "tile_y"));
        for (int l = 1; l <= depth; l++) {
            header.add("level_" + l);
        }
        boolean coords = tiles != null && tiles.hasCoordinates();
        long rows = 0;
        Object[] row = new Object[header.size()];
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, CSV)) {
            csv.printRecord(header);
            long[] level1 = assignments[0];
            for (int t = 0; t < level1.length; t++) {
                if (level1[t] < 0) {
                    continue;
                }
                row[0] = tiles == null ? "" : tiles.slideOf(t);
                row[1] = t;
                row[2] = coords ? tiles.tileX()[t] : "";
                row[3] = coords ? tiles.tileY()[t] : "";
                fillLabels(assignments, t, row);
                csv.printRecord(row);
                rows++;
            }
        }
        return rows;
    }

    private static void fillLabels(long[][] assignments, int tile, Object[] row) {
        long cluster = assignments[0][tile];
        row[4] = cluster;
        for (int l = 2; l <= assignments.length; l++) {
            long parent = assignments[l - 1][(int) cluster];
            if (parent < 0) {
                throw new IllegalArgumentException("tile " + tile + ": level-" + (l - 1)
                        + " cluster " + cluster + " is in no level-" + l + " cluster");
            }
            cluster = parent;
            row[3 + l] = cluster;
        }
    }
}
