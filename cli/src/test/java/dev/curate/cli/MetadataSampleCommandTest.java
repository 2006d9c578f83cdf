package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.NpyWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curate metadata-sample} on the field cases C08 and C10, and its refusals. */
class MetadataSampleCommandTest {

    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Field case C08: groups A (1 tile), B (2 tiles), C (97 tiles over two slides). */
    private String c08() throws IOException {
        return write("c08.csv", "slide_id,tissue_diagnosis,num_tiles\na1,A,1\nb1,B,2\nc1,C,40\n"
                + "c2,C,57\n").toString();
    }

    /** Field case C10: the TCGA and GTEx layouts, SLIDE-A with quoted commas. */
    private String c10() throws IOException {
        Path tcga = write("tcga.csv", "slide_id,tissue,primary_diagnosis,tissue_diagnosis,"
                + "num_tiles\nSLIDE-A,Lung,\"Squamous cell carcinoma, keratinizing\","
                + "\"Lung_Squamous cell carcinoma, keratinizing\",5417\n"
                + "SLIDE-C,Lung,Adenocarcinoma,Lung_Adenocarcinoma,10\n");
        Path gtex = write("gtex.csv", "slide_id,tissue_diagnosis,num_tiles,tissue\n"
                + "SLIDE-B,Skin,6533,Skin\n");
        return tcga + "," + gtex;
    }

    /** A store where SLIDE-A has 5417 rows and SLIDE-B 6000, and SLIDE-C none (C10). */
    private String c10Store() throws IOException {
        int rows = 5417 + 6000;
        float[] data = new float[rows * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = i % 7;
        }
        Path npy = tmp.resolve("c10.npy");
        NpyWriter.writeFloat32(npy, data, rows, 2);
        Path tiles = write("c10_tiles.csv", "slide_id,num_tiles\nSLIDE-A,5417\nSLIDE-B,6000\n");
        String store = tmp.resolve("store").toString();
        CliRun ingest = CliRun.of("ingest", "--store", store, "--embeddings", npy.toString(),
                "--tiles", tiles.toString());
        assertEquals(0, ingest.exitCode(), ingest.describe());
        return store;
    }

    private static void refused(CliRun run, String... named) {
        assertEquals(CurateCommand.EXIT_BAD_INPUT, run.exitCode(), run.describe());
        for (String text : named) {
            assertTrue(run.err().contains(text), "stderr lacks '" + text + "':\n"
                    + run.describe());
        }
    }

    @Test
    void c08BalancedWritesExactStatsAndListsTheExhaustedGroups() throws IOException {
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("metadata-sample", "--metadata", c08(), "--target", "10",
                "--mode", "balanced", "--seed", "1", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(List.of("group,full_tiles,full_slides,sampled_tiles,sampled_slides,"
                + "fair_share,exhausted", "A,1,1,1,1,3.33,true", "B,2,1,2,1,3.33,true",
                "C,97,2,7,2,3.33,false"), Files.readAllLines(out.resolve("stats.csv")));
        assertTrue(run.out().contains("  exhausted A: 1 of 1 tiles, short of the equal share "
                + "by 2.33\n  exhausted B: 2 of 2 tiles, short of the equal share by 1.33\n"),
                run.describe());
        assertTrue(run.out().contains("n*max(w)/sum(w) = 3.33"), run.describe());
        assertTrue(run.out().contains("2 groups have fewer tiles than the equal share 3.33 "
                + "(exhausted); 2 groups were taken whole\n"), run.describe());
        assertTrue(run.out().contains("the other 1 groups got 7 to 7 tiles each"),
                run.describe());
        List<String> sampled = Files.readAllLines(out.resolve("sampled.csv"));
        assertEquals(11, sampled.size());
        assertEquals(List.of("slide_id,tile_idx,tissue_diagnosis", "a1,0,A", "b1,1,B",
                "b1,2,B"), sampled.subList(0, 4));
        assertTrue(Files.size(out.resolve("sampled_vs_full.png")) > 1000);
    }

    @Test
    void c08StrictStopsStatingTheRatioAndKeepsTheEarlierOutput() throws IOException {
        Path out = tmp.resolve("out");
        String metadata = c08();
        CliRun first = CliRun.of("metadata-sample", "--metadata", metadata, "--target", "10",
                "--out", out.toString());
        assertEquals(0, first.exitCode(), first.describe());
        List<String> before = Files.readAllLines(out.resolve("sampled.csv"));
        CliRun strict = CliRun.of("metadata-sample", "--metadata", metadata, "--target", "10",
                "--strict", "--replace", "--out", out.toString());
        refused(strict, "n*max(w)/sum(w) = 3.33 > 1");
        assertEquals(before, Files.readAllLines(out.resolve("sampled.csv")));
    }

    @Test
    void c10StoreJoinStopsBeforeSamplingNamingBothSlides() throws IOException {
        String store = c10Store();
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("metadata-sample", "--metadata", c10(), "--fraction", "0.5",
                "--store", store, "--out", out.toString());
        refused(run, "SLIDE-C (metadata 10 vs store 0)",
                "SLIDE-B (metadata 6533 vs store 6000)", "nothing was sampled");
        assertFalse(Files.exists(out));
    }

    @Test
    void c10TrustStoreUsesTheStoreCountsAndRecordsThem() throws IOException {
        String store = c10Store();
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("metadata-sample", "--metadata", c10(), "--fraction", "0.5",
                "--store", store, "--trust-store", "--mode", "balanced", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains("sampled 5,709 of 11,417 tiles"), run.describe());
        assertTrue(run.out().contains("used the store's tile counts for 2 slides"),
                run.describe());
        assertEquals(List.of("slide_id,metadata_tiles,store_tiles", "SLIDE-C,10,0",
                "SLIDE-B,6533,6000"), Files.readAllLines(out.resolve("join.csv")));
        List<String> stats = Files.readAllLines(out.resolve("stats.csv"));
        // 5,709 over two non-empty groups: 2,854 each and the odd unit to one of them
        String a = stats.get(1);
        String b = stats.get(3);
        assertTrue(a.startsWith("\"Lung_Squamous cell carcinoma, keratinizing\",5417,1,285"),
                a);
        assertTrue(b.startsWith("Skin,6000,1,285"), b);
        assertEquals(5709, Long.parseLong(a.split(",")[4]) + Long.parseLong(b.split(",")[3]));
        assertTrue(a.endsWith(",1,1903.00,false") && b.endsWith(",1,1903.00,false"), a + b);
        assertEquals("Lung_Adenocarcinoma,0,1,0,0,1903.00,true", stats.get(2));
        for (String line : Files.readAllLines(out.resolve("sampled.csv")).subList(1, 5710)) {
            long idx = Long.parseLong(line.split(",")[1]);
            boolean onA = line.startsWith("SLIDE-A,");
            assertTrue(onA ? idx < 5417 : idx >= 5417 && idx < 11_417, line);
        }
    }

    @Test
    void refusedInputExitsTwoWithTheReason() throws IOException {
        String out = tmp.resolve("out").toString();
        Path dup = write("dup.csv", "slide_id,tissue_diagnosis,num_tiles\nS1,X,3\nS1,Y,4\n");
        refused(CliRun.of("metadata-sample", "--metadata", dup.toString(), "--target", "2",
                "--out", out), "duplicate slide ids", "S1 at dup.csv data row 1 and dup.csv "
                + "data row 2");
        String c08 = c08();
        refused(CliRun.of("metadata-sample", "--metadata", c08, "--target", "2", "--fraction",
                "0.1", "--out", out), "mutually exclusive");
        refused(CliRun.of("metadata-sample", "--metadata", c08, "--target", "101", "--out",
                out), "--target 101 is outside the pool of 100 tiles");
        refused(CliRun.of("metadata-sample", "--metadata", c08, "--target", "5", "--mode",
                "uniform", "--out", out), "--mode 'uniform' is not a sampling mode");
        refused(CliRun.of("metadata-sample", "--metadata", c08, "--target", "5",
                "--trust-store", "--out", out), "--trust-store needs --store");
        refused(CliRun.of("metadata-sample", "--metadata", c08, "--group-by", "tissue",
                "--target", "5", "--out", out), "no column 'tissue'");
        refused(CliRun.of("metadata-sample", "--metadata", c08, "--fraction", "1.5", "--out",
                out), "--fraction 1.5 is outside (0, 1]");
        Path notStore = Files.createDirectories(tmp.resolve("empty"));
        refused(CliRun.of("metadata-sample", "--metadata", c08, "--target", "5", "--store",
                notStore.toString(), "--out", out), "is not a tile store (no data.mdb)");
        try (var listing = Files.list(notStore)) {
            assertEquals(0, listing.count());
        }
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void missingGroupValuesAreCountedOnStdout() throws IOException {
        Path f = write("na.csv", "slide_id,tissue_diagnosis,num_tiles\nS1,X,3\nS2,NA,4\n");
        Path out = tmp.resolve("out");
        CliRun kept = CliRun.of("metadata-sample", "--metadata", f.toString(), "--target", "7",
                "--out", out.toString());
        assertEquals(0, kept.exitCode(), kept.describe());
        assertTrue(kept.out().contains("1 slides (4 tiles) had no tissue_diagnosis value: "
                + "grouped as (missing)"), kept.describe());
        CliRun dropped = CliRun.of("metadata-sample", "--metadata", f.toString(), "--target",
                "3", "--drop-missing", "--replace", "--out", out.toString());
        assertEquals(0, dropped.exitCode(), dropped.describe());
        assertTrue(dropped.out().contains("had no tissue_diagnosis value: left out"),
                dropped.describe());
        assertEquals(List.of("slide_id,tile_idx,tissue_diagnosis", "S1,0,X", "S1,1,X",
                "S1,2,X"), Files.readAllLines(out.resolve("sampled.csv")));
    }
}
