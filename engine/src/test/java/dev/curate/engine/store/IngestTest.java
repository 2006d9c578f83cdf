package dev.curate.engine.store;

import static dev.curate.engine.io.NpyFixtures.dictionary;
import static dev.curate.engine.io.NpyFixtures.f4;
import static dev.curate.engine.io.NpyFixtures.hex;
import static dev.curate.engine.io.NpyFixtures.npy;
import static dev.curate.engine.io.NpyFixtures.write;
import static dev.curate.engine.store.TileStoreTest.matrix;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {

    private static final long SMALL_MAP = 8L << 20;
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    @TempDir
    Path dir;

    /** The C04 file: rows 0, 1, 2, 4 finite, row 3 all NaN, row 5 [1, Inf, 0, 0]. */
    private Path c04File() {
        float[][] rows = new float[6][];
        for (int r = 0; r < 6; r++) {
            rows[r] = new float[] {0.1f + r, 0.2f + r, 0.3f + r, 0.4f + r};
        }
        rows[3] = new float[] {NAN, NAN, NAN, NAN};
        rows[5] = new float[] {1.0f, INF, 0.0f, 0.0f};
        return NpyFixtures.writeF4(dir, "c04.npy", rows);
    }

    private TileStore store(String name) {
        return TileStore.open(dir.resolve(name), SMALL_MAP);
    }

    private static void assertEmpty(TileStore store) {
        assertEquals(0, store.tileCount());
        assertFalse(store.hasEmbeddings());
        assertEquals(Optional.empty(), store.runState(Ingest.INPUT));
    }

    @Test
    void c04RefusesNonFiniteRowsBeforeWritingAnything() {
        Path file = c04File();
        try (TileStore store = store("s")) {
            String message = assertThrows(IllegalArgumentException.class, () -> Ingest.run(
                    store, List.of(file), IngestOptions.defaults(), IngestListener.NONE))
                    .getMessage();

            assertTrue(message.startsWith("2 of 6 rows non-finite: 3 (NaN), 5 (Inf) in "),
                    message);
            assertEmpty(store);
        }
    }

    @Test
    void c04SkipsExactlyTheNonFiniteRowsKeepingTileIds() {
        Path file = c04File();
        try (TileStore store = store("s")) {
            IngestReport report = Ingest.run(store, List.of(file),
                    IngestOptions.defaults().withSkipNonFinite(true), IngestListener.NONE);

            assertEquals(6, report.rows());
            assertEquals(4, report.kept());
            assertEquals(2, report.skipped());
            assertTrue(report.summary().contains("skipped 2"), report.summary());
            assertEquals(6, store.tileCount());
            assertArrayEquals(new long[] {0, 1, 2, 4}, store.keptTileIndices());
            assertArrayEquals(new long[] {3, 5}, store.skippedTileIndices());
            float[][] kept = scanAll(store.vectors(), 3);
            assertEquals(4, kept.length);
            assertArrayEquals(new float[] {4.1f, 4.2f, 4.3f, 4.4f}, kept[3], "tile 4");
            for (float[] row : kept) {
                for (float v : row) {
                    assertTrue(Float.isFinite(v), "non-finite value reached the store: " + v);
                }
            }
        }
    }

    private Path c11File() {
        byte[] data = hex("00 3c 00 c0 00 38 ff 7b"
                + " 00 7c 00 7e 01 00 00 00 00 42 00 44 00 45 00 46");
        return write(dir.resolve("c11.npy"), npy(1, dictionary("<f2", false, "(3, 4)"), data));
    }

    @Test
    void c11Float16FileFlagsRowOneAndStoresTheRestExactly() {
        try (TileStore store = store("s")) {
            String message = assertThrows(IllegalArgumentException.class, () -> Ingest.run(
                    store, List.of(c11File()), IngestOptions.defaults(), IngestListener.NONE))
                    .getMessage();
            assertTrue(message.startsWith("1 of 3 rows non-finite: 1 (NaN and Inf)"), message);

            Ingest.run(store, List.of(c11File()), IngestOptions.defaults()
                    .withSkipNonFinite(true).withStoreAsFloat16(true), IngestListener.NONE);
            assertTrue(store.storesFloat16());
            float[][] kept = scanAll(store.vectors(), 10);
            assertArrayEquals(new float[][] {{1.0f, -2.0f, 0.5f, 65504.0f}, {3, 4, 5, 6}}, kept);
            assertArrayEquals(new long[] {0, 2}, store.keptTileIndices());
        }
    }

    @Test
    void c11RefusesValuesBeyondFloat16RangeNamingRowColumnAndMaximum() {
        Path file = NpyFixtures.writeF4(dir, "big.npy",
                new float[][] {{1, 2, 3}, {4, 70000f, 6}, {-65504f, 65504f, 0}});
        try (TileStore store = store("s")) {
            IngestOptions half = IngestOptions.defaults().withStoreAsFloat16(true);
            String message = assertThrows(IllegalArgumentException.class,
                    () -> Ingest.run(store, List.of(file), half, IngestListener.NONE))
                    .getMessage();

            assertTrue(message.contains("float16 maximum 65504")
                    && message.contains("row 1 column 1 (70000.0)"), message);
            assertEmpty(store);
        }
        try (TileStore store = store("float32")) {
            Ingest.run(store, List.of(file), IngestOptions.defaults(), IngestListener.NONE);
            assertEquals(70000f, scanAll(store.vectors(), 10)[1][1], "kept in float32");
        }
    }

    @Test
    void c12TruncatedPartsFailBeforeAnyCommitSoARerunStartsClean() {
        Path good = NpyFixtures.writeF4(dir, "good.npy", matrix(3, 768, 1));
        Path truncated = write(dir.resolve("f.npy"),
                npy(1, dictionary("<f4", false, "(1000, 768)"), new byte[1_536_000]));
        Path headerOnly = write(dir.resolve("g.npy"),
                npy(1, dictionary("<f4", false, "(113,)"), new byte[0]));
        try (TileStore store = store("s")) {
            String f = assertThrows(IllegalArgumentException.class, () -> Ingest.run(store,
                    List.of(good, truncated), IngestOptions.defaults(), IngestListener.NONE))
                    .getMessage();
            assertTrue(f.contains("expected 3,072,000 data bytes, found 1,536,000"), f);
            assertEmpty(store);
            String g = assertThrows(IllegalArgumentException.class, () -> Ingest.run(store,
                    List.of(headerOnly), IngestOptions.defaults(), IngestListener.NONE))
                    .getMessage();
            assertTrue(g.contains("expected 452 data bytes, found 0"), g);
            assertEmpty(store);

            IngestReport report = Ingest.run(store, List.of(good), IngestOptions.defaults(),
                    IngestListener.NONE);
            assertEquals(3, report.kept());
            assertEquals(0, report.resumedFromRow());
        }
    }

    @Test
    void rejectsPartsOfDifferentDimNamingTheFile() {
        Path a = NpyFixtures.writeF4(dir, "a.npy", matrix(2, 4, 1));
        Path b = NpyFixtures.writeF4(dir, "b.npy", matrix(2, 5, 2));
        try (TileStore store = store("s")) {
            String message = assertThrows(IllegalArgumentException.class, () -> Ingest.run(
                    store, List.of(a, b), IngestOptions.defaults(), IngestListener.NONE))
                    .getMessage();
            assertTrue(message.contains("part " + b + " has dim 5"), message);
            assertEmpty(store);
        }
    }

    @Test
    void ingestsSeveralPartsWithATileTable() throws IOException {
        float[][] first = matrix(70, 3, 1);
        float[][] second = matrix(30, 3, 2);
        Path a = NpyFixtures.writeF4(dir, "a.npy", first);
        Path b = NpyFixtures.writeF4(dir, "b.npy", second);
        Path csv = Files.writeString(dir.resolve("t.csv"),
                "slide_id,num_tiles\n\"S,1\",60\nS2,40\n");
        try (TileStore store = store("s")) {
            Ingest.run(store, List.of(a, b), IngestOptions.defaults().withTileTable(csv),
                    IngestListener.NONE);

            float[][] all = scanAll(store.vectors(), 1000);
            assertArrayEquals(first[69], all[69]);
            assertArrayEquals(second[0], all[70]);
            assertEquals(List.of("S,1", "S2"), store.tileTable().slideIds());
            assertEquals("S2", store.tileTable().slideOf(60));
        }
    }

    @Test
    void refusesATileTableThatDisagreesBeforeWriting() throws IOException {
        Path a = NpyFixtures.writeF4(dir, "a.npy", matrix(10, 2, 1));
        Path csv = Files.writeString(dir.resolve("t.csv"), "slide_id,num_tiles\nA,9\n");
        try (TileStore store = store("s")) {
            String message = assertThrows(IllegalArgumentException.class, () -> Ingest.run(
                    store, List.of(a), IngestOptions.defaults().withTileTable(csv),
                    IngestListener.NONE)).getMessage();
            assertTrue(message.contains("sum to 9 but the embeddings have 10 rows"), message);
            assertEmpty(store);
        }
    }

    /** A file of 1000 x 8 rows where rows 5, 300 and 777 hold NaN. */
    private Path resumeFile() {
        float[][] rows = matrix(1000, 8, 42);
        rows[5][0] = NAN;
        rows[300][7] = NAN;
        rows[777][3] = INF;
        return NpyFixtures.writeF4(dir, "pool.npy", rows);
    }

    @Test
    void resumesAnInterruptedIngestToTheSameResultAsACleanOne() {
        Path file = resumeFile();
        IngestOptions options = IngestOptions.defaults().withSkipNonFinite(true)
                .withChunksPerCommit(2);
        float[][] clean;
        long[] cleanTiles;
        try (TileStore store = store("clean")) {
            Ingest.run(store, List.of(file), options, IngestListener.NONE);
            clean = scanAll(store.vectors(), 100);
            cleanTiles = store.keptTileIndices();
        }

        int[] commits = {0};
        IngestListener crashing = (stage, done, total) -> {
            if (stage == IngestListener.Stage.WRITE && ++commits[0] == 3) {
                throw new IllegalStateException("simulated crash at row " + done);
            }
        };
        try (TileStore store = store("resumed")) {
            assertThrows(IllegalStateException.class,
                    () -> Ingest.run(store, List.of(file), options, crashing));
            assertFalse(store.hasEmbeddings());
            String unfinished = assertThrows(IllegalStateException.class, store::vectors)
                    .getMessage();
            assertTrue(unfinished.contains("unfinished ingest (384 rows written)"), unfinished);
        }
        List<Long> progress = new ArrayList<>();
        try (TileStore store = store("resumed")) {
            IngestReport report = Ingest.run(store, List.of(file), options,
                    (stage, done, total) -> {
                        if (stage == IngestListener.Stage.WRITE) {
                            progress.add(done);
                        }
                    });

            assertEquals(3 * 128 + 2, report.resumedFromRow(), "384 kept + skipped 5 and 300");
            assertEquals(3 * 128 + 2 + 128, progress.get(0));
            assertEquals(1000, progress.get(progress.size() - 1));
            assertEquals(997, report.kept());
            assertArrayEquals(clean, scanAll(store.vectors(), 100));
            assertArrayEquals(cleanTiles, store.keptTileIndices());

            IngestReport again = Ingest.run(store, List.of(file), options, IngestListener.NONE);
            assertTrue(again.alreadyComplete(), again.summary());
            assertEquals(997, again.kept());
        }
    }

    @Test
    void refusesADifferentInputIntoAStoreNamingBoth() {
        Path a = NpyFixtures.writeF4(dir, "first.npy", matrix(4, 2, 1));
        Path b = NpyFixtures.writeF4(dir, "second.npy", matrix(4, 2, 2));
        try (TileStore store = store("s")) {
            Ingest.run(store, List.of(a), IngestOptions.defaults(), IngestListener.NONE);

            String message = assertThrows(IllegalArgumentException.class, () -> Ingest.run(
                    store, List.of(b), IngestOptions.defaults(), IngestListener.NONE))
                    .getMessage();
            assertTrue(message.contains("first.npy") && message.contains("second.npy"), message);
            assertEquals(4, store.vectors().rows());
        }
    }

    @Test
    void refusesAnInputThatCannotFitTheMapBeforeWriting() {
        Path file = NpyFixtures.writeF4(dir, "big.npy", matrix(5000, 64, 3));
        try (TileStore store = TileStore.open(dir.resolve("s"), 1L << 20)) {
            String message = assertThrows(IllegalStateException.class, () -> Ingest.run(
                    store, List.of(file), IngestOptions.defaults(), IngestListener.NONE))
                    .getMessage();
            assertTrue(message.contains("--map-size") && message.contains("1,048,576"),
                    message);
            assertEmpty(store);
        }
    }

    @Test
    void fullMapMidIngestKeepsCommittedRowsAndResumesWithABiggerMap() {
        Path file = NpyFixtures.writeF4(dir, "pool.npy", matrix(5000, 16, 9));
        IngestOptions options = IngestOptions.defaults().withChunksPerCommit(1);
        float[][] clean;
        try (TileStore store = store("clean")) {
            Ingest.run(store, List.of(file), options, IngestListener.NONE);
            clean = scanAll(store.vectors(), 1000);
        }
        long[] committed = {0};
        try (TileStore store = TileStore.open(dir.resolve("s"), 1L << 20)) {
            store.putRunStateBytes("earlier", new byte[600 << 10]);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ingest.run(
                    store, List.of(file), options, (stage, done, total) -> committed[0] = done));
            assertTrue(e.getMessage().contains("--map-size"), e.getMessage());
            assertTrue(committed[0] > 0 && committed[0] < 5000, "committed " + committed[0]);
        }
        try (TileStore store = TileStore.open(dir.resolve("s"), 8L << 20)) {
            assertEquals(600 << 10, store.runStateBytes("earlier").orElseThrow().length);
            IngestReport report = Ingest.run(store, List.of(file), options, IngestListener.NONE);
            assertEquals(committed[0], report.resumedFromRow());
            assertArrayEquals(clean, scanAll(store.vectors(), 1000));
        }
    }
}
