package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands chained on a pool of 600 points in 6 blobs: ingest, cluster, sample, export,
 * import the exported CSV into a second store, export that again.
 */
class PipelineEndToEndTest {

    private static final int ROWS = 600;

    @TempDir
    Path tmp;

    private static void ok(CliRun run) {
        assertEquals(0, run.exitCode(), run.describe());
    }

    @Test
    void ingestClusterSampleExportImportRoundTripsTheTree() throws IOException {
        Path pool = CliFixtures.writeBlobs(tmp.resolve("pool.npy"), 6, 100, 11);
        Path tiles = CliFixtures.writeTileCsv(tmp.resolve("tiles.csv"), ROWS);
        String store = tmp.resolve("S").toString();
        ok(CliRun.of("ingest", "--store", store, "--embeddings", pool.toString(),
                "--tiles", tiles.toString()));
        CliRun cluster = CliRun.of("cluster", "--store", store, "--clusters", "12,3",
                "--resampling-steps", "2,1", "--sample-sizes", "5,2", "--iters", "20",
                "--seed", "1", "--backend", "java");
        ok(cluster);
        assertTrue(cluster.out().contains("tree with 2 levels over 600 tiles"), cluster.out());

        Path sample = tmp.resolve("O");
        ok(CliRun.of("sample", "--store", store, "--target", "60", "--seed", "2",
                "--out", sample.toString()));
        checkSample(sample);

        Path export = tmp.resolve("E");
        ok(CliRun.of("export", "--store", store, "--out", export.toString()));
        String store2 = tmp.resolve("S2").toString();
        ok(CliRun.of("import-tree", "--csv", export.resolve("tiles.csv").toString(),
                "--store", store2));
        Path export2 = tmp.resolve("E2");
        ok(CliRun.of("export", "--store", store2, "--out", export2.toString()));

        assertArrayEquals(Files.readAllBytes(export.resolve("tiles.csv")),
                Files.readAllBytes(export2.resolve("tiles.csv")));
        List<Set<Set<Long>>> first = treeTileSets(Path.of(store));
        List<Set<Set<Long>>> second = treeTileSets(Path.of(store2));
        assertEquals(2, first.size());
        assertEquals(12, first.get(0).size());
        for (Set<Long> members : first.get(0)) {
            assertEquals(1, members.stream().map(t -> t % 6).distinct().count(),
                    "a level-1 cluster mixes blobs: " + members);
        }
        assertEquals(3, first.get(1).size());
        assertEquals(first, second);
    }

    private static void checkSample(Path out) throws IOException {
        long[] indices = CliFixtures.readInt64(out.resolve("indices.npy"));
        assertEquals(60, indices.length);
        assertEquals(60, Arrays.stream(indices).distinct().count());
        assertTrue(Arrays.stream(indices).allMatch(i -> i >= 0 && i < ROWS),
                Arrays.toString(indices));

        List<String> curated = Files.readAllLines(out.resolve("curated.csv"),
                StandardCharsets.UTF_8);
        assertEquals(61, curated.size());
        assertEquals("slide_id,tile_idx,tile_x,tile_y", curated.get(0));

        List<String> stats = Files.readAllLines(out.resolve("stats.csv"), StandardCharsets.UTF_8);
        assertEquals("cluster,full_size,quota,taken,duplicates", stats.get(0));
        int taken = stats.stream().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[3])).sum();
        int fullSizes = stats.stream().skip(1)
                .mapToInt(l -> Integer.parseInt(l.split(",")[1])).sum();
        assertEquals(3, stats.size() - 1, "one stats row per top-level cluster");
        assertEquals(60, taken);
        assertEquals(ROWS, fullSizes);
    }

    private static List<Set<Set<Long>>> treeTileSets(Path dir) {
        try (TileStore store = TileStore.open(dir)) {
            ClusterTree tree = store.tree().orElseThrow();
            assertEquals(ROWS, tree.tileCount());
            return CliFixtures.tileSetsPerLevel(tree);
        }
    }
}
