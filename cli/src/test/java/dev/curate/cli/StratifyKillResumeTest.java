package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.stratify.ScheduleRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code curate stratify} run killed at any point and run again writes byte-identical files
 * to an uninterrupted run. The killed runs are child JVMs, halted without shutdown hooks.
 */
class StratifyKillResumeTest {

    @TempDir
    Path tmp;

    private Path tree;

    @BeforeEach
    void writeTree() {
        tree = StratifyFixtures.writeTree(tmp.resolve("t.csv"), 60, 9);
    }

    private List<String> args(Path out, int epochs, int epochSize) {
        return List.of("stratify", "--tree", tree.toString(), "--level", "1", "--batch-size",
                "96", "--epoch-size", Integer.toString(epochSize), "--max-open-slides", "12",
                "--seed", "17", "--epochs", Integer.toString(epochs), "--out", out.toString());
    }

    private TreeMap<String, String> uninterrupted(int epochs, int epochSize) {
        Path out = tmp.resolve("straight");
        CliRun run = CliRun.of(args(out, epochs, epochSize).toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.describe());
        return StratifyFixtures.snapshot(out);
    }

    private static ProcessBuilder child(String mainClass, List<String> args) {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("no path of the running java"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "stratify-child-"
                        + ProcessHandle.current().pid() + ".log"));
    }

    private void haltThenResume(String epoch, String point) throws Exception {
        TreeMap<String, String> expected = uninterrupted(4, 1000);
        Path out = tmp.resolve("killed");
        List<String> a = new ArrayList<>(List.of(epoch, point));
        a.addAll(args(out, 4, 1000));
        Process p = child(StratifyHaltMain.class.getName(), a).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not end");
        assertEquals(StratifyHaltMain.HALTED, p.exitValue());
        TreeMap<String, String> partial = StratifyFixtures.snapshot(out);
        String state = partial.get(ScheduleRun.STATE_FILE);
        int e = Integer.parseInt(epoch);
        assertTrue(state.contains("\nepoch." + (e - 1) + "="), state);
        assertTrue(!state.contains("\nepoch." + e + "="), state);
        assertEquals(point.equals("written"), partial.containsKey(ScheduleRun.scheduleName(e)),
                "the epoch's schedule exists exactly when halted after writing it");
        CliRun resumed = CliRun.of(args(out, 4, 1000).toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.describe());
        assertTrue(resumed.out().contains("epoch " + epoch + ":"), resumed.out());
        assertEquals(expected, StratifyFixtures.snapshot(out));
    }

    @Test
    void haltedInsideAnEpochResumesToIdenticalFiles() throws Exception {
        haltThenResume("2", "4");
    }

    @Test
    void haltedAfterEpochFilesBeforeCheckpointResumesToIdenticalFiles() throws Exception {
        haltThenResume("1", "written");
    }

    @Test
    void killedWhileRunningResumesToIdenticalFiles() throws Exception {
        int epochs = 120;
        TreeMap<String, String> expected = uninterrupted(epochs, 6000);
        Path out = tmp.resolve("killed");
        Process p = child(CurateCommand.class.getName(), args(out, epochs, 6000)).start();
        Path state = out.resolve(ScheduleRun.STATE_FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(state) && Files.readString(state).contains("epoch.1="))
                && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(5);
        }
        boolean killedMidRun = p.isAlive();
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(killedMidRun, "the child finished before it could be killed");
        int done = Files.readString(state).split("\nepoch\\.", -1).length - 1;
        assertTrue(done >= 2 && done < epochs, done + " epochs finished at the kill");
        CliRun resumed = CliRun.of(args(out, epochs, 6000).toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.describe());
        assertEquals(expected, StratifyFixtures.snapshot(out));
    }

    @Test
    void extendingEpochsAfterAKillStillMatchesOneLongRun() throws Exception {
        TreeMap<String, String> expected = uninterrupted(4, 1000);
        Path out = tmp.resolve("killed");
        List<String> a = new ArrayList<>(List.of("1", "3"));
        a.addAll(args(out, 2, 1000));
        Process p = child(StratifyHaltMain.class.getName(), a).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not end");
        assertEquals(StratifyHaltMain.HALTED, p.exitValue());
        CliRun extended = CliRun.of(args(out, 4, 1000).toArray(String[]::new));
        assertEquals(0, extended.exitCode(), extended.describe());
        assertEquals(expected, StratifyFixtures.snapshot(out));
    }
}
