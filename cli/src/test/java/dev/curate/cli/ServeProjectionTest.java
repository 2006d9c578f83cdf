package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --projection}: what it refuses, before anything is served. */
class ServeProjectionTest {

    @TempDir
    Path dir;

    private static void refused(CliRun run, String text) {
        assertEquals(CurateCommand.EXIT_BAD_INPUT, run.exitCode(), run.describe());
        assertTrue(run.err().contains(text), "stderr lacks '" + text + "':\n" + run.err());
    }

    @Test
    void unknownProjectionIsNamed() {
        refused(CliRun.of("serve", "--store", dir.resolve("none").toString(), "--projection",
                "tsne", "--port", "0"), "projection 'tsne' unknown; expected pca or umap");
    }

    @Test
    void umapOfASyntheticMapIsRefused() {
        refused(CliRun.of("serve", "--synthetic-points", "100", "--projection", "umap",
                "--port", "0"), "--projection umap needs --store");
    }

    @Test
    void umapOfMoreTilesThanTheLimitNamesBoth() throws IOException {
        Path pool = CliFixtures.writeBlobs(dir.resolve("pool.npy"), 3, 100, 1);
        Path tiles = CliFixtures.writeTileCsv(dir.resolve("tiles.csv"), 300);
        Path store = dir.resolve("store");
        CliRun ingest = CliRun.of("ingest", "--store", store.toString(), "--map-size", "64m",
                "--embeddings", pool.toString(), "--tiles", tiles.toString());
        assertEquals(0, ingest.exitCode(), ingest.describe());

        refused(CliRun.of("serve", "--store", store.toString(), "--projection", "umap",
                "--umap-max-points", "200", "--port", "0"),
                "UMAP map of 300 rows: at most 200 are taken");
    }
}
