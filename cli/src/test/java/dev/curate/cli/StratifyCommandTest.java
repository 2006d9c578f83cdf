package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.curate.engine.stratify.ScheduleRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curate stratify}: files, determinism, resume by --epochs, and refused input. */
class StratifyCommandTest {

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

    private CliRun stratify(Path tree, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("stratify", "--tree",
                tree.toString(), "--batch-size", "60", "--epoch-size", "500",
                "--max-open-slides", "8", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesSchedulesListAndReportsWithExactQuotas() throws IOException {
        Path tree = StratifyFixtures.writeTree(tmp.resolve("t.csv"), 40, 1);
        Path out = tmp.resolve("out");
        ok(stratify(tree, out, "--epochs", "2", "--seed", "3"));
        assertEquals("path,tiles,batches\nschedule_000.csv,500,9\nschedule_001.csv,500,9\n",
                Files.readString(out.resolve("schedule_list.csv")));
        List<String> rows = Files.readAllLines(out.resolve("schedule_000.csv"));
        assertEquals("slide_id,ind", rows.get(0));
        assertEquals(501, rows.size());
        // the top level (level_2) has 6 strata: batches of 60 give 10 each, the last (20)
        // gives 3 or 4
        Map<String, Integer> labelOf = labels(tree, 4);
        for (int b = 0; b < 9; b++) {
            Map<String, Integer> perStratum = new HashMap<>();
            int size = b < 8 ? 60 : 20;
            for (String row : rows.subList(1 + 60 * b, 1 + 60 * b + size)) {
                perStratum.merge("s" + labelOf.get(row), 1, Integer::sum);
            }
            assertEquals(6, perStratum.size(), "batch " + b);
            for (int q : perStratum.values()) {
                assertTrue(b < 8 ? q == 10 : q == 3 || q == 4, "batch " + b + ": " + perStratum);
            }
        }
        String epochs = Files.readString(out.resolve("epochs.csv"));
        assertTrue(epochs.startsWith("epoch,tiles,batches,slides_opened,"), epochs);
        assertTrue(epochs.contains("\n0,500,9,8,"), epochs);
        assertEquals(7, Files.readAllLines(out.resolve("report_001.csv")).size());
    }

    /** Maps "slide,ind" rows of a schedule to the tree label in column {@code col}. */
    private static Map<String, Integer> labels(Path tree, int col) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        for (String line : Files.readAllLines(tree).subList(1,
                Files.readAllLines(tree).size())) {
            String[] f = line.split(",");
            int ind = rank.merge(f[0], 1, Integer::sum) - 1;
            out.put(f[0] + "," + ind, Integer.parseInt(f[col]));
        }
        return out;
    }

    @Test
    void sameSeedSameFilesDifferentSeedDifferentSchedule() {
        Path tree = StratifyFixtures.writeTree(tmp.resolve("t.csv"), 40, 2);
        ok(stratify(tree, tmp.resolve("a"), "--seed", "5", "--level", "1"));
        ok(stratify(tree, tmp.resolve("b"), "--seed", "5", "--level", "1"));
        ok(stratify(tree, tmp.resolve("c"), "--seed", "6", "--level", "1"));
        TreeMap<String, String> a = StratifyFixtures.snapshot(tmp.resolve("a"));
        a.remove(ScheduleRun.STATE_FILE);
        TreeMap<String, String> b = StratifyFixtures.snapshot(tmp.resolve("b"));
        b.remove(ScheduleRun.STATE_FILE);
        assertEquals(a, b);
        assertNotEquals(a.get("schedule_000.csv"),
                StratifyFixtures.snapshot(tmp.resolve("c")).get("schedule_000.csv"));
    }

    @Test
    void largerEpochsResumesAndMatchesOneLongRun() {
        Path tree = StratifyFixtures.writeTree(tmp.resolve("t.csv"), 40, 3);
        ok(stratify(tree, tmp.resolve("long"), "--epochs", "5"));
        Path grown = tmp.resolve("grown");
        ok(stratify(tree, grown, "--epochs", "2"));
        CliRun more = stratify(tree, grown, "--epochs", "5");
        ok(more);
        assertFalse(more.out().contains("epoch 1:"), more.out());
        assertTrue(more.out().contains("epoch 4:"), more.out());
        assertEquals(StratifyFixtures.snapshot(tmp.resolve("long")),
                StratifyFixtures.snapshot(grown));
        ok(stratify(tree, grown, "--epochs", "5"));
        assertEquals(StratifyFixtures.snapshot(tmp.resolve("long")),
                StratifyFixtures.snapshot(grown));
    }

    @Test
    void resumeReadsBackQuotedSlideIdsWithCommas() throws IOException {
        StringBuilder csv = new StringBuilder("slide_id,level_1\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i % 3 == 0 ? "\"S,0\"" : "S" + i % 3).append(',').append(i % 4)
                    .append('\n');
        }
        Path tree = Files.writeString(tmp.resolve("q.csv"), csv);
        ok(stratify(tree, tmp.resolve("long"), "--epochs", "3"));
        assertTrue(Files.readString(tmp.resolve("long").resolve("schedule_000.csv"))
                .contains("\n\"S,0\","));
        ok(stratify(tree, tmp.resolve("grown"), "--epochs", "1"));
        ok(stratify(tree, tmp.resolve("grown"), "--epochs", "3"));
        assertEquals(StratifyFixtures.snapshot(tmp.resolve("long")),
                StratifyFixtures.snapshot(tmp.resolve("grown")));
    }

    @Test
    void rerunWithOtherSettingsIsRefusedNamingTheSettingAndKeepsTheFolder() {
        Path tree = StratifyFixtures.writeTree(tmp.resolve("t.csv"), 40, 4);
        Path out = tmp.resolve("out");
        ok(stratify(tree, out, "--epochs", "2", "--seed", "1"));
        TreeMap<String, String> before = StratifyFixtures.snapshot(out);
        refused(stratify(tree, out, "--epochs", "3", "--seed", "2"), "--seed is 2",
                "records 1");
        refused(stratify(tree, out, "--epochs", "3", "--seed", "1", "--level", "1"),
                "--level is 1", "records top");
        refused(stratify(tree, out, "--epochs", "1", "--seed", "1"), "--epochs is 1",
                "already holds 2 finished epochs");
        assertEquals(before, StratifyFixtures.snapshot(out));
    }

    @Test
    void badInputExitsTwoNamingTheValueAndLeavesOutAsItWas() throws IOException {
        Path tree = StratifyFixtures.writeTree(tmp.resolve("t.csv"), 20, 5);
        Path missing = tmp.resolve("never");
        refused(stratify(tree, missing, "--level", "3"), "--level 3", "levels 1..2");
        refused(CliRun.of("stratify", "--tree", tree.toString(), "--batch-size", "0", "--out",
                missing.toString()), "--batch-size is 0; expected at least 1");
        assertFalse(Files.exists(missing));

        List<String> lines = Files.readAllLines(tree);
        lines.set(6, "slide-0,0,0,7,x");
        Path bad = Files.write(tmp.resolve("bad.csv"), lines, StandardCharsets.UTF_8);
        refused(stratify(bad, missing), "bad.csv line 7, column level_2: 'x' is not an integer");
        lines.set(6, "slide-0,0,0,7");
        Files.write(bad, lines, StandardCharsets.UTF_8);
        refused(stratify(bad, missing), "bad.csv line 7: 4 fields, expected 5");
        assertFalse(Files.exists(missing));

        Path out = tmp.resolve("out");
        ok(stratify(tree, out));
        TreeMap<String, String> before = StratifyFixtures.snapshot(out);
        refused(stratify(bad, out, "--epochs", "2"), "--tree is " + bad, "records " + tree);
        Files.write(tree, lines, StandardCharsets.UTF_8);
        refused(stratify(tree, out, "--epochs", "2"), "t.csv line 7: 4 fields");
        Path meta = Files.writeString(tmp.resolve("m.csv"), "slide_id,tissue,num_tiles\n"
                + "A,Lung,5\n");
        refused(CliRun.of("stratify", "--metadata", meta.toString(), "--by", "diagnosis",
                "--out", missing.toString()), "m.csv has no column diagnosis",
                "[slide_id, tissue, num_tiles]");
        assertFalse(Files.exists(missing));
        assertEquals(before, StratifyFixtures.snapshot(out));
    }

    @Test
    void metadataStrataKeepEverySlideInItsColumnValueWithQuotedCommas() throws IOException {
        Path tcga = Files.writeString(tmp.resolve("tcga.csv"),
                "slide_id,tissue,primary_diagnosis,tissue_diagnosis,num_tiles\n"
                        + "SLIDE-A,Lung,\"Squamous cell carcinoma, keratinizing\","
                        + "\"Lung_Squamous cell carcinoma, keratinizing\",40\n"
                        + "SLIDE-C,Lung,Adenocarcinoma,Lung_Adenocarcinoma,30\n");
        Path gtex = Files.writeString(tmp.resolve("gtex.csv"),
                "slide_id,tissue_diagnosis,num_tiles,tissue\nSLIDE-B,Skin,65,Skin\n");
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("stratify", "--metadata", tcga + "," + gtex, "--by",
                "tissue_diagnosis", "--batch-size", "9", "--epoch-size", "90", "--out",
                out.toString());
        ok(run);
        assertTrue(run.out().contains("135 tiles on 3 slides in 3 strata"), run.out());
        List<String> rows = Files.readAllLines(out.resolve("schedule_000.csv"));
        Map<String, Integer> perSlide = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            perSlide.merge(f[0], 1, Integer::sum);
            int max = Map.of("SLIDE-A", 40, "SLIDE-B", 65, "SLIDE-C", 30).get(f[0]);
            assertTrue(Integer.parseInt(f[1]) < max, row);
        }
        assertEquals(Map.of("SLIDE-A", 30, "SLIDE-B", 30, "SLIDE-C", 30), perSlide);
        String report = Files.readString(out.resolve("report_000.csv"));
        assertTrue(report.contains("\"Lung_Squamous cell carcinoma, keratinizing\",40,30,0,0,0,0"),
                report);
    }

    @Test
    void storeTreeLevelsAreStrataOverTheStoreTileTable() throws IOException {
        Path pool = CliFixtures.writeBlobs(tmp.resolve("pool.npy"), 6, 100, 11);
        Path tiles = CliFixtures.writeTileCsv(tmp.resolve("tiles.csv"), 600);
        String store = tmp.resolve("S").toString();
        ok(CliRun.of("ingest", "--store", store, "--embeddings", pool.toString(),
                "--tiles", tiles.toString()));
        ok(CliRun.of("cluster", "--store", store, "--clusters", "12,3", "--iters", "10",
                "--seed", "1", "--backend", "java"));
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("stratify", "--store", store, "--level", "1", "--batch-size",
                "24", "--epoch-size", "240", "--out", out.toString());
        ok(run);
        assertTrue(run.out().contains("600 tiles on 6 slides in 12 strata"), run.out());
        List<String> rows = Files.readAllLines(out.resolve("schedule_000.csv"));
        assertEquals(241, rows.size());
        assertEquals(240, rows.subList(1, rows.size()).stream().distinct().count(),
                "240 of 600 tiles drawn least-used first never repeat");
        refused(CliRun.of("stratify", "--store", store, "--level", "3", "--out",
                tmp.resolve("o2").toString()), "--level 3 is not a level of the store's tree");
    }
}
