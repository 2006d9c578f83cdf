package dev.curate.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.NpyFixtures;
import dev.curate.engine.io.TileTable;
import dev.curate.engine.kmeans.VectorSource;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileStoreTest {

    private static final long SMALL_MAP = 8L << 20;

    @TempDir
    Path dir;

    /** Returns {@code rows x dim} values that differ in every cell, seeded. */
    static float[][] matrix(int rows, int dim, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[rows][dim];
        for (float[] row : out) {
            for (int c = 0; c < dim; c++) {
                row[c] = random.nextFloat() * 2 - 1;
            }
        }
        return out;
    }

    /** Reads every row of {@code source} with a scan in blocks of {@code maxRows}. */
    static float[][] scanAll(VectorSource source, int maxRows) {
        float[][] out = new float[(int) source.rows()][source.dim()];
        int dim = source.dim();
        source.scan(maxRows, (first, count, data) -> {
            for (int r = 0; r < count; r++) {
                System.arraycopy(data, r * dim, out[(int) first + r], 0, dim);
            }
        });
        return out;
    }

    @Test
    void vectorsRoundTripAcrossChunkBoundaries() {
        float[][] rows = matrix(150, 3, 7);
        Path npy = NpyFixtures.writeF4(dir, "e.npy", rows);

        try (TileStore store = TileStore.open(dir.resolve("store"), SMALL_MAP)) {
            Ingest.run(store, List.of(npy), IngestOptions.defaults().withChunksPerCommit(1),
                    IngestListener.NONE);
            VectorSource vectors = store.vectors();

            assertEquals(150, vectors.rows());
            assertEquals(3, store.dim());
            assertEquals(150, store.tileCount());
            for (int maxRows : new int[] {1, 7, 64, 65, 1000}) {
                assertArrayEquals(rows, scanAll(vectors, maxRows), "maxRows " + maxRows);
            }
            float[] row = new float[5];
            for (int r : new int[] {149, 0, 63, 64, 128, 127, 100}) {
                vectors.readRow(r, row, 2);
                assertArrayEquals(rows[r], Arrays.copyOfRange(row, 2, 5), "row " + r);
            }
            long[] identity = new long[150];
            Arrays.setAll(identity, i -> i);
            assertArrayEquals(identity, store.keptTileIndices());
            assertEquals(0, store.skippedTileIndices().length);
        }
    }

    @Test
    void mapsKeptRowsToTilesAroundSkippedOnes() {
        long[] skipped = {0, 3, 4, 9};
        long[] expected = {1, 2, 5, 6, 7, 8, 10, 11};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], TileStore.tileOfKeptRow(k, skipped), "kept row " + k);
        }
        assertEquals(5, TileStore.tileOfKeptRow(5, new long[0]));
    }

    @Test
    void tileTableRoundTripsWithAndWithoutCoordinates() {
        try (TileStore store = TileStore.open(dir, SMALL_MAP)) {
            assertEquals(0, store.tileTable().tileCount());
            TileTable plain = new TileTable(List.of("S-1, a", "S-2"), new int[] {0, 0, 1}, null,
                    null);
            store.putTileTable(plain);
            TileTable back = store.tileTable();
            assertEquals(plain.slideIds(), back.slideIds());
            assertArrayEquals(plain.slideOfTile(), back.slideOfTile());
            assertFalse(back.hasCoordinates());
            assertEquals(3, store.tileCount());

            int n = 40_000;
            int[] slideOf = new int[n];
            int[] xs = new int[n];
            int[] ys = new int[n];
            for (int t = 0; t < n; t++) {
                slideOf[t] = t / 1000;
                xs[t] = t * 224;
                ys[t] = -t;
            }
            List<String> ids = new ArrayList<>();
            for (int s = 0; s < 40; s++) {
                ids.add("slide-" + s);
            }
            store.putTileTable(new TileTable(ids, slideOf, xs, ys));
            TileTable big = store.tileTable();
            assertEquals(ids, big.slideIds());
            assertArrayEquals(slideOf, big.slideOfTile());
            assertArrayEquals(xs, big.tileX());
            assertArrayEquals(ys, big.tileY());
        }
    }

    @Test
    void refusesTileTableOfOtherSizeThanTheEmbeddings() {
        Path npy = NpyFixtures.writeF4(dir, "e.npy", matrix(4, 2, 1));
        try (TileStore store = TileStore.open(dir.resolve("store"), SMALL_MAP)) {
            Ingest.run(store, List.of(npy), IngestOptions.defaults(), IngestListener.NONE);
            assertEquals(4, store.tileTable().tileCount(), "unnamed table over the rows");

            String message = assertThrows(IllegalArgumentException.class,
                    () -> store.putTileTable(TileTable.unnamed(5))).getMessage();
            assertTrue(message.contains("5 tiles") && message.contains("4 embedding rows"),
                    message);
        }
    }

    /** Returns a two-level tree; level 1 spans several records when {@code tiles} is large. */
    static ClusterTree tree(int tiles, boolean centroids) {
        long[] members = new long[tiles];
        for (int i = 0; i < tiles; i++) {
            members[i] = tiles - 1 - i;
        }
        long[] offsets1 = {0, tiles / 3, tiles / 2, tiles};
        float[] c1 = centroids ? new float[] {1, 2, 3, 4, 5, 6} : null;
        TreeLevel level1 = new TreeLevel(offsets1, members, c1, centroids ? 2 : 0);
        float[] c2 = centroids ? new float[] {2.5f, 3.5f} : null;
        TreeLevel level2 = new TreeLevel(new long[] {0, 3}, new long[] {2, 0, 1}, c2,
                centroids ? 2 : 0);
        return new ClusterTree(List.of(level1, level2), tiles + 1L);
    }

    private static void assertSameTree(ClusterTree expected, ClusterTree actual) {
        assertEquals(expected.depth(), actual.depth());
        assertEquals(expected.tileCount(), actual.tileCount());
        for (int l = 1; l <= expected.depth(); l++) {
            assertArrayEquals(expected.level(l).offsets(), actual.level(l).offsets());
            assertArrayEquals(expected.level(l).members(), actual.level(l).members());
            assertArrayEquals(expected.level(l).centroids(), actual.level(l).centroids());
            assertEquals(expected.level(l).dim(), actual.level(l).dim());
        }
    }

    @Test
    void treeRoundTripsWithCentroidsAndIsReplacedWhole() {
        try (TileStore store = TileStore.open(dir, SMALL_MAP)) {
            assertEquals(Optional.empty(), store.tree());
            ClusterTree big = tree(50_000, true);
            store.putTree(big);
            assertSameTree(big, store.tree().orElseThrow());

            ClusterTree small = new ClusterTree(List.of(new TreeLevel(new long[] {0, 2},
                    new long[] {1, 0}, new float[] {9f}, 1)), 2);
            store.putTree(small);
            ClusterTree back = store.tree().orElseThrow();
            assertSameTree(small, back);
            assertEquals(1, back.depth(), "no level of the earlier tree survives");
        }
    }

    @Test
    void treeWithoutCentroidsRoundTrips() {
        try (TileStore store = TileStore.open(dir, SMALL_MAP)) {
            ClusterTree imported = tree(10, false);
            store.putTree(imported);
            ClusterTree back = store.tree().orElseThrow();
            assertSameTree(imported, back);
            assertNull(back.level(1).centroids());
            assertFalse(back.level(2).hasCentroids());
        }
    }

    @Test
    void runStateAndSlideMetadataRoundTripAndSurviveReopen() {
        try (TileStore store = TileStore.open(dir, SMALL_MAP)) {
            store.putRunState("level.1.done", "true");
            store.putRunStateBytes("checkpoint", new byte[] {1, 2, 3});
            store.putSlideMetadata(Map.of("S-1", Map.of("tissue", "Lung",
                    "primary_diagnosis", "Squamous cell carcinoma, keratinizing")));
            store.putRunState("temp", "x");
            assertTrue(store.removeRunState("temp"));
            assertFalse(store.removeRunState("temp"));
        }
        try (TileStore store = TileStore.open(dir, SMALL_MAP)) {
            assertEquals(Optional.of("true"), store.runState("level.1.done"));
            assertArrayEquals(new byte[] {1, 2, 3}, store.runStateBytes("checkpoint").get());
            assertEquals(Optional.empty(), store.runState("temp"));
            assertEquals(Optional.empty(), store.runState("missing"));
            Map<String, String> fields = store.slideMetadata("S-1").orElseThrow();
            assertEquals("Squamous cell carcinoma, keratinizing",
                    fields.get("primary_diagnosis"));
            assertEquals("Lung", fields.get("tissue"));
            assertEquals(Optional.empty(), store.slideMetadata("S-2"));
        }
    }

    @Test
    void fullMapIsAClearErrorAndKeepsCommittedData() {
        long oneMiB = 1L << 20;
        try (TileStore store = TileStore.open(dir, oneMiB)) {
            store.putRunState("kept", "committed before");
            store.putTree(tree(1000, true));

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> store.putRunStateBytes("big", new byte[2 << 20]));
            assertTrue(e.getMessage().contains("--map-size")
                    && e.getMessage().contains("1,048,576"), e.getMessage());
            assertEquals(Optional.of("committed before"), store.runState("kept"));
            assertThrows(IllegalStateException.class, () -> store.putTree(tree(300_000, true)));
            assertSameTree(tree(1000, true), store.tree().orElseThrow());
        }
        try (TileStore store = TileStore.open(dir, 16 * oneMiB)) {
            assertEquals(Optional.of("committed before"), store.runState("kept"));
            assertSameTree(tree(1000, true), store.tree().orElseThrow());
            store.putRunStateBytes("big", new byte[2 << 20]);
            assertEquals(2 << 20, store.runStateBytes("big").orElseThrow().length);
        }
    }

    @Test
    void refusesVectorsWhenNoneAreStored() {
        try (TileStore store = TileStore.open(dir, SMALL_MAP)) {
            assertFalse(store.hasEmbeddings());
            assertEquals(0, store.dim());
            String message = assertThrows(IllegalStateException.class, store::vectors)
                    .getMessage();
            assertTrue(message.contains("holds no embeddings"), message);
        }
    }
}
