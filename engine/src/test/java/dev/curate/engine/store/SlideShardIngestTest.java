package dev.curate.engine.store;

import static dev.curate.engine.store.TileStoreTest.scanAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.NpyFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest restricted to one slide shard: slides A (tiles 0-2), B (3-4), C (5-8), D (9); with
 * 2 shards, shard 0 holds A and C, shard 1 holds B and D. Tile {@code t} is {@code [t, -t]}.
 */
class SlideShardIngestTest {

    private static final long SMALL_MAP = 8L << 20;

    @TempDir
    Path dir;

    private Path embeddings(float nanAt) {
        float[][] rows = new float[10][];
        for (int t = 0; t < 10; t++) {
            rows[t] = t == nanAt ? new float[] {Float.NaN, 0} : new float[] {t, -t};
        }
        return NpyFixtures.writeF4(dir, "e.npy", rows);
    }

    private Path tiles() throws IOException {
        return Files.writeString(dir.resolve("tiles.csv"),
                "slide_id,num_tiles\nA,3\nB,2\nC,4\nD,1\n");
    }

    private static float[] column(float[][] rows, int col) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][col];
        }
        return out;
    }

    @Test
    void storesOnlyTheShardsSlidesUnderTheirGlobalTileIndices() throws IOException {
        Path npy = embeddings(-1);
        IngestOptions options = IngestOptions.defaults().withTileTable(tiles())
                .withSlideShard(new SlideShard(1, 2));
        try (TileStore store = TileStore.open(dir.resolve("s1"), SMALL_MAP)) {
            IngestReport report = Ingest.run(store, List.of(npy), options, IngestListener.NONE);

            assertEquals(new IngestReport(10, 3, 0, 7, 2, false, 0, false), report);
            assertEquals("ingested 10 rows of dim 2: kept 3, skipped 0, 7 on other shards",
                    report.summary());
            assertEquals(10, store.tileCount());
            assertEquals(Optional.of(new SlideShard(1, 2)), store.slideShard());
            assertArrayEquals(new long[] {3, 4, 9}, store.keptTileIndices());
            assertArrayEquals(new float[] {3, 4, 9}, column(scanAll(store.vectors(), 2), 0));
            assertArrayEquals(new float[] {-3, -4, -9}, column(scanAll(store.vectors(), 2), 1));
            assertEquals(List.of("A", "B", "C", "D"), store.tileTable().slideIds());

            IngestReport again = Ingest.run(store, List.of(npy), options, IngestListener.NONE);
            assertTrue(again.alreadyComplete(), again.summary());
            String other = assertThrows(IllegalArgumentException.class, () -> Ingest.run(store,
                    List.of(npy), options.withSlideShard(new SlideShard(0, 2)),
                    IngestListener.NONE)).getMessage();
            assertTrue(other.contains("already holds a different ingest")
                    && other.contains("slideShard=1/2") && other.contains("slideShard=0/2"),
                    other);
        }
    }

    @Test
    void nonFiniteTilesCountOnlyOnTheirOwnShard() throws IOException {
        Path npy = embeddings(6);
        IngestOptions options = IngestOptions.defaults().withTileTable(tiles())
                .withSkipNonFinite(true);
        try (TileStore s0 = TileStore.open(dir.resolve("s0"), SMALL_MAP);
                TileStore s1 = TileStore.open(dir.resolve("s1"), SMALL_MAP)) {
            IngestReport r0 = Ingest.run(s0, List.of(npy),
                    options.withSlideShard(new SlideShard(0, 2)), IngestListener.NONE);
            IngestReport r1 = Ingest.run(s1, List.of(npy),
                    options.withSlideShard(new SlideShard(1, 2)), IngestListener.NONE);

            assertEquals(new IngestReport(10, 6, 1, 3, 2, false, 0, false), r0);
            assertEquals(new IngestReport(10, 3, 0, 7, 2, false, 0, false), r1);
            assertArrayEquals(new long[] {0, 1, 2, 5, 7, 8}, s0.keptTileIndices());
            assertArrayEquals(new long[] {3, 4, 9}, s1.keptTileIndices());
            assertArrayEquals(new float[] {0, 1, 2, 5, 7, 8}, column(scanAll(s0.vectors(), 4),
                    0));
        }
    }

    @Test
    void aShardWithoutTileTableIsRefusedBeforeAnythingIsWritten() {
        Path npy = embeddings(-1);
        try (TileStore store = TileStore.open(dir.resolve("s"), SMALL_MAP)) {
            String message = assertThrows(IllegalArgumentException.class, () -> Ingest.run(
                    store, List.of(npy), IngestOptions.defaults()
                            .withSlideShard(new SlideShard(0, 3)), IngestListener.NONE))
                    .getMessage();

            assertEquals("an ingest of slide shard 0/3 into " + dir.resolve("s")
                    + " needs a tile table (--tiles) to know each tile's slide", message);
            assertFalse(store.hasEmbeddings());
            assertEquals(0, store.tileCount());
        }
    }

    @Test
    void slideShardTextRoundTripsAndBadShardsAreRefused() {
        assertEquals(new SlideShard(2, 3), SlideShard.parse("2/3", "x"));
        assertTrue(new SlideShard(2, 3).holds(5));
        assertFalse(new SlideShard(2, 3).holds(4));
        assertEquals("shard 3 of 3 is not a shard: need 0 <= shard < shards",
                assertThrows(IllegalArgumentException.class, () -> new SlideShard(3, 3))
                        .getMessage());
        assertEquals("slide shard '1-3' in store s is not SHARD/SHARDS, such as 1/3",
                assertThrows(IllegalArgumentException.class,
                        () -> SlideShard.parse("1-3", "store s")).getMessage());
    }
}
