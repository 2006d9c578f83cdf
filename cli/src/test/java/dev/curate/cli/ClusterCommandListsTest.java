package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.LevelParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Field case C20: per-level lists, negative seeds and mismatched list lengths on the CLI. */
class ClusterCommandListsTest {

    @TempDir
    Path tmp;

    /** Parses {@code args} (a full command line) and resolves the cluster run without running. */
    private static ClusterCommand.Run resolve(String... args) {
        CommandLine.ParseResult parsed = CurateCommand.commandLine().parseArgs(args);
        ClusterCommand command = (ClusterCommand) parsed.subcommand().commandSpec().userObject();
        return command.resolve();
    }

    private static List<Integer> clusters(HierarchyParams p) {
        return p.levels().stream().map(LevelParams::clusters).toList();
    }

    private static List<Integer> sampleSizes(HierarchyParams p) {
        return p.levels().stream().map(LevelParams::sampleSize).toList();
    }

    @Test
    void c20aParsesPerLevelListsAndNegativeSeed() {
        String store = tmp.resolve("s").toString();
        ClusterCommand.Run run = resolve("kmeans", "--store", store, "--levels", "3",
                "--clusters", "20000,2000,200", "--sample-sizes", "10,5,3", "--seed", "-1");
        assertEquals(List.of(20000, 2000, 200), clusters(run.params()));
        assertEquals(List.of(10, 5, 3), sampleSizes(run.params()));
        assertEquals(-1L, run.params().seed());
        assertFalse(Files.exists(tmp.resolve("s")), "resolving must not open the store");
    }

    @Test
    void c20bRejectsClusterListShorterThanLevelsBeforeAnyWork() {
        Path store = tmp.resolve("s");
        CliRun run = CliRun.of("kmeans", "--store", store.toString(), "--levels", "3",
                "--clusters", "20000,2000", "--sample-sizes", "10,5,3", "--seed", "-1");
        assertEquals(CurateCommand.EXIT_BAD_INPUT, run.exitCode(), run.describe());
        assertTrue(run.err().contains("--clusters has 2 values but --levels is 3"),
                run.describe());
        assertFalse(Files.exists(store), "no store folder may be created: " + run.describe());
    }

    @Test
    void c20cSeedMinusOneWithEqualsOrSpace() {
        String store = tmp.resolve("s").toString();
        ClusterCommand.Run joined = resolve("cluster", "--store", store, "--clusters", "4,2",
                "--seed=-1");
        ClusterCommand.Run spaced = resolve("cluster", "--store", store, "--clusters", "4,2",
                "--seed", "-1");
        assertEquals(-1L, joined.params().seed());
        assertEquals(-1L, spaced.params().seed());
    }

    @Test
    void c20dConfigListIsSplitIntoElements() {
        ClusterCommand.Run run = resolve("kmeans", "--store", tmp.resolve("s").toString(),
                "--config", CliRun.demoConfig().toString());
        assertEquals(List.of(200, 50, 12), clusters(run.params()));
        assertEquals(List.of(10, 5, 3), sampleSizes(run.params()));
        assertEquals(0L, run.params().seed());
    }

    @Test
    void c20HelpShowsListSyntax() {
        CliRun run = CliRun.of("cluster", "--help");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains("--clusters"), run.out());
        assertTrue(run.out().contains("K1,K2"), run.out());
    }
}
