package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.NpyWriter;
import dev.curate.engine.store.TileStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused input exits 2, names the value and where it was found, and leaves the store as is. */
class BadInputTest {

    @TempDir
    Path tmp;

    private static void ok(CliRun run) {
        assertEquals(0, run.exitCode(), run.describe());
    }

    private static void refused(CliRun run, String... named) {
        assertEquals(CurateCommand.EXIT_BAD_INPUT, run.exitCode(), run.describe());
        for (String text : named) {
            assertTrue(run.err().contains(text), "stderr lacks '" + text + "':\n"
                    + run.describe());
        }
    }

    /** Ingests 600 blob points with a tile table and clusters them into 12, 3 clusters. */
    private String storeWithTree() throws IOException {
        Path pool = CliFixtures.writeBlobs(tmp.resolve("pool.npy"), 6, 100, 11);
        Path tiles = CliFixtures.writeTileCsv(tmp.resolve("tiles.csv"), 600);
        String store = tmp.resolve("S").toString();
        ok(CliRun.of("ingest", "--store", store, "--embeddings", pool.toString(),
                "--tiles", tiles.toString()));
        ok(CliRun.of("cluster", "--store", store, "--clusters", "12,3", "--iters", "10",
                "--seed", "1", "--backend", "java"));
        return store;
    }

    @Test
    void refusesTruncatedNpyNamingByteCountsThenAcceptsGoodIngest() throws IOException {
        Path truncated = tmp.resolve("cut.npy");
        NpyWriter.writeFloat32(truncated, new float[400], 100, 4);
        try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 800);
        }
        Path store = tmp.resolve("S");
        CliRun bad = CliRun.of("ingest", "--store", store.toString(), "--embeddings",
                truncated.toString());
        refused(bad, "cut.npy", "expected 1,600 data bytes, found 800");
        CliFixtures.StoreSnapshot empty = CliFixtures.StoreSnapshot.of(store);
        assertEquals(0, empty.tileCount());
        assertTrue(empty.vectors().isEmpty());
        assertTrue(empty.tree().isEmpty());

        float[] values = new float[400];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        Path good = tmp.resolve("good.npy");
        NpyWriter.writeFloat32(good, values, 100, 4);
        ok(CliRun.of("ingest", "--store", store.toString(), "--embeddings", good.toString()));
        CliFixtures.StoreSnapshot after = CliFixtures.StoreSnapshot.of(store);
        assertEquals(100, after.tileCount());
        assertEquals(400, after.vectors().size());
        assertEquals(199.5f, after.vectors().get(399));
    }

    @Test
    void refusesDifferentIngestIntoFilledStoreAndKeepsEverything() throws IOException {
        String store = storeWithTree();
        CliFixtures.StoreSnapshot before = CliFixtures.StoreSnapshot.of(Path.of(store));
        assertEquals(600, before.tileCount());
        assertEquals(1200, before.vectors().size());
        assertEquals(2, before.tree().size());

        Path other = CliFixtures.writeBlobs(tmp.resolve("other.npy"), 6, 100, 99);
        CliRun bad = CliRun.of("ingest", "--store", store, "--embeddings", other.toString());
        refused(bad, "already holds a different ingest", "other.npy");
        assertEquals(before, CliFixtures.StoreSnapshot.of(Path.of(store)));
    }

    @Test
    void rejectsMoreClustersThanDistinctPointsAndKeepsTree() throws IOException {
        float[] data = new float[60 * 2];
        for (int i = 0; i < 60; i++) {
            data[2 * i] = i % 15;
            data[2 * i + 1] = (i % 15) * (i % 15);
        }
        Path pool = tmp.resolve("dup.npy");
        NpyWriter.writeFloat32(pool, data, 60, 2);
        String store = tmp.resolve("S").toString();
        ok(CliRun.of("ingest", "--store", store, "--embeddings", pool.toString()));
        ok(CliRun.of("cluster", "--store", store, "--clusters", "4,2", "--seed", "3",
                "--backend", "java"));
        CliFixtures.StoreSnapshot before = CliFixtures.StoreSnapshot.of(Path.of(store));
        assertEquals(4, before.tree().get(0).size());

        CliRun bad = CliRun.of("cluster", "--store", store, "--clusters", "20,2",
                "--backend", "java");
        refused(bad, "20 clusters", "only 15 distinct");
        assertEquals(before, CliFixtures.StoreSnapshot.of(Path.of(store)));
    }

    @Test
    void aStoreWithATreeButNoTileTableIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path full = Path.of(storeWithTree());
        Path treeOnly = tmp.resolve("tree-only");
        try (TileStore from = TileStore.open(full); TileStore to = TileStore.open(treeOnly)) {
            to.putTree(from.tree().orElseThrow());
        }
        Path out = tmp.resolve("O");
        refused(CliRun.of("sample", "--store", treeOnly.toString(), "--target", "50",
                "--out", out.toString()), "tile table has only 0 tiles",
                "curate launch --tree-store without --tiles", "nothing written");
        assertFalse(Files.exists(out.resolve("indices.npy")), "no partial sample");
        refused(CliRun.of("export", "--store", treeOnly.toString(), "--out",
                tmp.resolve("E").toString()), "tile table has 0 tiles but the tree was built "
                + "over 600", "without --tiles");
    }

    @Test
    void aTargetAboveWhatTheTreeHoldsSaysItFellShort() throws IOException {
        String store = storeWithTree();
        CliRun run = CliRun.of("sample", "--store", store, "--target", "1000", "--out",
                tmp.resolve("short").toString());
        ok(run);
        assertTrue(run.out().contains("sampled 600 entries (0 repeats)"), run.out());
        assertTrue(run.out().contains("fewer than the 1,000 asked: 600 tiles x --multiplier 1 "
                + "is all the tree can give"), run.out());
    }

    @Test
    void rejectsUnknownSampleStrategyNamingIt() throws IOException {
        String store = storeWithTree();
        Path out = tmp.resolve("O");
        CliRun bad = CliRun.of("sample", "--store", store, "--target", "10", "--strategy",
                "x", "--out", out.toString());
        refused(bad, "'x'", "c (closest), r (random)");
        assertFalse(Files.exists(out), "no output folder for a refused sample");
    }

    @Test
    void rejectsMalformedMapSizeNamingIt() {
        Path store = tmp.resolve("S");
        CliRun bad = CliRun.of("sample", "--store", store.toString(), "--map-size", "12q",
                "--target", "10", "--out", tmp.resolve("O").toString());
        refused(bad, "--map-size '12q'");
        assertFalse(Files.exists(store), "no store folder for a refused map size");
    }

    @Test
    void missingInputFilesAreBadInputAndLeaveNoStoreBehind() throws IOException {
        Path store = tmp.resolve("new-store");
        refused(CliRun.of("ingest", "--store", store.toString(), "--embeddings",
                tmp.resolve("missing.npy").toString()), "missing.npy: no such file");
        assertFalse(Files.exists(store), "a refused first ingest left " + store);
        Path pool = CliFixtures.writeBlobs(tmp.resolve("pool.npy"), 2, 10, 3);
        refused(CliRun.of("ingest", "--store", store.toString(), "--embeddings",
                pool.toString(), "--tiles", tmp.resolve("nope.csv").toString()),
                "--tiles", "nope.csv: no such file");
        assertFalse(Files.exists(store), "a refused first ingest left " + store);
    }

    @Test
    void readingCommandsOnAMissingStoreAreBadInputAndCreateNothing() {
        Path store = tmp.resolve("no-store");
        refused(CliRun.of("sample", "--store", store.toString(), "--target", "10", "--out",
                tmp.resolve("out").toString()), "no-store is not a curate store");
        refused(CliRun.of("export", "--store", store.toString(), "--out",
                tmp.resolve("tree").toString()), "no-store is not a curate store");
        assertFalse(Files.exists(store), "a reading command created " + store);
    }

    @Test
    void everySubcommandHelpListsTheExitCodesWithoutPicocliWarnings() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (String command : new String[] {"ingest", "cluster", "sample", "stratify",
                "metadata-sample", "node"}) {
                CliRun help = CliRun.of(command, "--help");
                assertEquals(0, help.exitCode(), help.describe());
                assertTrue(help.out().contains("Exit codes:")
                        && help.out().contains("2  bad input"),
                        command + " --help lacks the exit codes:\n" + help.out());
                assertEquals(help.out().indexOf("Exit codes:"),
                        help.out().lastIndexOf("Exit codes:"),
                        command + " --help lists the exit codes once:\n" + help.out());
            }
        } finally {
            System.setErr(stderr);
        }
        String printed = warnings.toString(StandardCharsets.UTF_8);
        assertFalse(printed.contains("picocli WARN"), printed);
    }
}
