package dev.curate.engine.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.tree.TreeCsvImporter.Imported;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeExportImportTest {

    @TempDir
    Path dir;

    /**
     * 8 tiles on 2 slides, tile 5 held by no cluster. Level 1: c0 = {3, 0}, c1 = {1, 7},
     * c2 = {6, 2, 4} (distance order); level 2: d0 = {2, 0}, d1 = {1}; level 3: e0 = {1, 0}.
     */
    static ClusterTree sampleTree() {
        TreeLevel l1 = new TreeLevel(new long[] {0, 2, 4, 7}, new long[] {3, 0, 1, 7, 6, 2, 4},
                new float[] {0f, 1f, 2f, 3f, 4f, 5f}, 2);
        TreeLevel l2 = new TreeLevel(new long[] {0, 2, 3}, new long[] {2, 0, 1},
                new float[] {0.5f, 1.5f, 2.5f, 3.5f}, 2);
        TreeLevel l3 = new TreeLevel(new long[] {0, 2}, new long[] {1, 0}, null, 0);
        return new ClusterTree(List.of(l1, l2, l3), 8);
    }

    static TileTable sampleTiles() {
        return new TileTable(List.of("S-A", "S,B"), new int[] {0, 0, 0, 1, 1, 1, 1, 1},
                new int[] {0, 224, 448, 0, 224, 448, 672, 896}, new int[] {0, 0, 0, 224, 224,
                    224, 224, 224});
    }

    private static long[] readInt64Npy(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        int offset = 10 + ((b[8] & 0xff) | (b[9] & 0xff) << 8);
        ByteBuffer buf = ByteBuffer.wrap(b, offset, b.length - offset)
                .order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[(b.length - offset) / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = buf.getLong();
        }
        return out;
    }

    private static Set<Long> membersOf(TreeLevel level, int c) {
        Set<Long> s = new HashSet<>();
        for (long i = level.offsets()[c]; i < level.offsets()[c + 1]; i++) {
            s.add(level.members()[(int) i]);
        }
        return s;
    }

    @Test
    void exportWritesReferenceLayoutAndTileCsv() throws IOException {
        Path out = dir.resolve("tree");
        TreeExporter.export(sampleTree(), sampleTiles(), out, false);

        assertArrayEquals(new long[] {0, 1, 2, 0, 2, -1, 2, 1},
                readInt64Npy(out.resolve("level1/assignment.npy")));
        assertArrayEquals(new long[] {3, 0, 1, 7, 6, 2, 4},
                readInt64Npy(out.resolve("level1/members.npy")));
        assertArrayEquals(new long[] {0, 2, 4, 7}, readInt64Npy(out.resolve("level1/offsets.npy")));
        assertArrayEquals(new long[] {0, 1, 0}, readInt64Npy(out.resolve("level2/assignment.npy")));
        assertArrayEquals(new long[] {0, 0}, readInt64Npy(out.resolve("level3/assignment.npy")));
        assertEquals(128 + 24, Files.size(out.resolve("level1/centroids.npy")));
        assertTrue(Files.exists(out.resolve("level2/centroids.npy")));
        assertFalse(Files.exists(out.resolve("level3/centroids.npy")));
        assertEquals("slide_id,tile_idx,tile_x,tile_y,level_1,level_2,level_3\n"
                + "S-A,0,0,0,0,0,0\n"
                + "S-A,1,224,0,1,1,0\n"
                + "S-A,2,448,0,2,0,0\n"
                + "\"S,B\",3,0,224,0,0,0\n"
                + "\"S,B\",4,224,224,2,0,0\n"
                + "\"S,B\",6,672,224,2,0,0\n"
                + "\"S,B\",7,896,224,1,1,0\n", Files.readString(out.resolve("tiles.csv")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList(), "no temporary folder left");
        }
    }

    @Test
    void exportThenImportRoundTripsMembershipsAndReExportIsByteIdentical() throws IOException {
        ClusterTree tree = sampleTree();
        Path first = dir.resolve("first");
        TreeExporter.export(tree, sampleTiles(), first, false);
        Imported imp = TreeCsvImporter.read(first.resolve("tiles.csv"));

        assertEquals(tree.depth(), imp.tree().depth());
        assertEquals(8, imp.tree().tileCount());
        for (int l = 1; l <= tree.depth(); l++) {
            TreeLevel want = tree.level(l);
            TreeLevel got = imp.tree().level(l);
            assertEquals(want.clusterCount(), got.clusterCount(), "level " + l);
            for (int c = 0; c < want.clusterCount(); c++) {
                assertEquals(membersOf(want, c), membersOf(got, c), "level " + l + " cluster " + c);
            }
            assertFalse(imp.report().levels().get(l - 1).relabelled());
        }
        // level-1 members of an import are in row order, which is tile order here
        assertArrayEquals(new long[] {0, 3, 1, 7, 2, 4, 6}, imp.tree().level(1).members());
        assertEquals(sampleTiles().slideOf(6), imp.tiles().slideOf(6));
        assertEquals(672, imp.tiles().tileX()[6]);
        assertEquals("", imp.tiles().slideOf(5), "tile 5 is not in the file");

        Path second = dir.resolve("second");
        TreeExporter.export(imp.tree(), imp.tiles(), second, false);
        assertArrayEquals(Files.readAllBytes(first.resolve("tiles.csv")),
                Files.readAllBytes(second.resolve("tiles.csv")));
        assertFalse(Files.exists(second.resolve("level1/centroids.npy")));
        assertArrayEquals(readInt64Npy(first.resolve("level2/assignment.npy")),
                readInt64Npy(second.resolve("level2/assignment.npy")));
    }

    @Test
    void importsPublishedLayoutWithoutTileIndexAndRelabelsSparseLabels() throws IOException {
        Path csv = dir.resolve("t1.csv");
        Files.writeString(csv, "slide_id,tile_x,tile_y,level_1,level_2\n"
                + "A,0,0,30,7\n"
                + "A,224,0,10,5\n"
                + "B,0,0,30,7\n"
                + "B,0,224,20,7\n");
        Imported imp = TreeCsvImporter.read(csv);
        assertEquals(4, imp.report().rows());
        assertFalse(imp.report().hadTileIndex());
        assertTrue(imp.report().hadCoordinates());
        assertTrue(imp.report().levels().get(0).relabelled());
        assertArrayEquals(new long[] {30, 10, 20}, imp.report().levels().get(0).originalLabels());
        assertArrayEquals(new long[] {7, 5}, imp.report().levels().get(1).originalLabels());
        // level 1: ids by first appearance 30 -> 0, 10 -> 1, 20 -> 2; tiles are row numbers
        assertArrayEquals(new long[] {0, 2, 3, 4}, imp.tree().level(1).offsets());
        assertArrayEquals(new long[] {0, 2, 1, 3}, imp.tree().level(1).members());
        // level 2: 7 -> 0 holds {0, 2} in first-appearance order, 5 -> 1 holds {1}
        assertArrayEquals(new long[] {0, 2, 3}, imp.tree().level(2).offsets());
        assertArrayEquals(new long[] {0, 2, 1}, imp.tree().level(2).members());
        assertEquals(List.of("A", "B"), imp.tiles().slideIds());
        assertArrayEquals(new int[] {0, 224, 0, 0}, imp.tiles().tileX());

        Path a = dir.resolve("a");
        TreeExporter.export(imp.tree(), imp.tiles(), a, false);
        Imported again = TreeCsvImporter.read(a.resolve("tiles.csv"));
        Path b = dir.resolve("b");
        TreeExporter.export(again.tree(), again.tiles(), b, false);
        assertEquals(Files.readString(a.resolve("tiles.csv")),
                Files.readString(b.resolve("tiles.csv")));
        assertEquals("slide_id,tile_idx,tile_x,tile_y,level_1,level_2\n"
                + "A,0,0,0,0,0\nA,1,224,0,1,1\nB,2,0,0,0,0\nB,3,0,224,2,0\n",
                Files.readString(a.resolve("tiles.csv")));
    }

    @Test
    void importWithoutCoordinatesExportsEmptyCoordinates() throws IOException {
        Path csv = dir.resolve("n.csv");
        Files.writeString(csv, "level_1,slide_id\n1,s\n0,s\n");
        Imported imp = TreeCsvImporter.read(csv);
        assertFalse(imp.tiles().hasCoordinates());
        assertFalse(imp.report().levels().get(0).relabelled());
        assertArrayEquals(new long[] {1, 0}, imp.tree().level(1).members());
        Path out = dir.resolve("o");
        TreeExporter.export(imp.tree(), imp.tiles(), out, false);
        assertEquals("slide_id,tile_idx,tile_x,tile_y,level_1\ns,0,,,1\ns,1,,,0\n",
                Files.readString(out.resolve("tiles.csv")));
    }

    private String importError(String text) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, text);
        return assertThrows(IllegalArgumentException.class, () -> TreeCsvImporter.read(csv))
                .getMessage().replace(csv.toString(), "bad.csv");
    }

    @Test
    void rejectsMalformedRowsNamingRowAndColumn() throws IOException {
        String head = "slide_id,tile_x,tile_y,level_1,level_2\nA,0,0,1,0\n";
        assertEquals("bad.csv row 2, column level_2: missing value",
                importError(head + "A,1,1,2,\n"));
        assertEquals("bad.csv row 2, column level_2: missing value (the row has 4 fields)",
                importError(head + "A,1,1,2\n"));
        assertEquals("bad.csv row 2, column level_1: 'x3' is not an integer",
                importError(head + "A,1,1,x3,0\n"));
        assertEquals("bad.csv row 3, column level_2: level-1 cluster 1 lies under level-2 "
                + "cluster 4 here but under level-2 cluster 0 at row 1 (a cluster must have "
                + "exactly one parent)", importError(head + "A,1,1,2,0\nB,2,2,1,4\n"));
        assertEquals("bad.csv row 2, column tile_idx: tile 0 appears a second time",
                importError("slide_id,tile_idx,level_1\nA,0,0\nA,0,1\n"));
    }

    @Test
    void rejectsMissingOrGappedColumns() throws IOException {
        assertEquals("tree CSV bad.csv needs columns slide_id and level_1..level_L, found "
                + "[slide, level_1]", importError("slide,level_1\nA,0\n"));
        assertEquals("tree CSV bad.csv has column level_3 but the levels stop at level_1 "
                + "(expected level_1..level_L without gaps)",
                importError("slide_id,level_1,level_3\nA,0,0\n"));
    }

    @Test
    void refusesNonEmptyTargetUnlessReplaceAndKeepsItIntact() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TreeExporter.export(sampleTree(), null, out, false));
        assertEquals("export folder " + out + " exists and is not empty; choose another folder "
                + "or replace it (--replace)", e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));

        TreeExporter.export(sampleTree(), null, out, true);
        assertFalse(Files.exists(out.resolve("keep.txt")));
        // without a tile table the slide id is empty (quoted when first on the line)
        assertTrue(Files.readString(out.resolve("tiles.csv")).startsWith(
                "slide_id,tile_idx,tile_x,tile_y,level_1,level_2,level_3\n\"\",0,,,0,0,0\n"),
                Files.readString(out.resolve("tiles.csv")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList(), "no temporary or old folder left");
        }
    }

    @Test
    void failedExportLeavesNoPartialFolder() throws IOException {
        TreeLevel l1 = new TreeLevel(new long[] {0, 1, 2}, new long[] {0, 1}, null, 0);
        TreeLevel l2 = new TreeLevel(new long[] {0, 1}, new long[] {0}, null, 0);
        ClusterTree orphan = new ClusterTree(List.of(l1, l2), 2);
        Path out = dir.resolve("orphan");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TreeExporter.export(orphan, null, out, false));
        assertEquals("tile 1: level-1 cluster 1 is in no level-2 cluster", e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    @Test
    void streamsHalfAMillionRowsIntoConsistentLevels() throws IOException {
        int rows = 500_000;
        Path csv = dir.resolve("big.csv");
        try (var w = Files.newBufferedWriter(csv)) {
            w.write("slide_id,tile_x,tile_y,level_1,level_2,level_3\n");
            for (int t = 0; t < rows; t++) {
                int c1 = t % 1000;
                w.write("S" + t / 5000 + "," + t % 97 + "," + t % 89 + "," + c1 + "," + c1 % 50
                        + "," + c1 % 50 % 5 + "\n");
            }
        }
        Imported imp = TreeCsvImporter.read(csv);
        assertEquals(rows, imp.report().rows());
        assertEquals(rows, imp.tree().tileCount());
        assertEquals(100, imp.tiles().slideIds().size());
        assertEquals(1000, imp.tree().level(1).clusterCount());
        assertEquals(500, imp.tree().level(1).size(7));
        assertEquals(List.of(7L, 1007L), List.of(imp.tree().level(1).members()[3500],
                imp.tree().level(1).members()[3501]));
        long[] top = HierarchicalSampler.flatSizesPerLevel(imp.tree())[2];
        assertArrayEquals(new long[] {100_000, 100_000, 100_000, 100_000, 100_000}, top);
        assertArrayEquals(new long[] {0, 50, 100, 150, 200, 250, 300, 350, 400, 450},
                Arrays.copyOf(imp.tree().level(2).members(), 10));
    }
}
