package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curate demo} runs the whole job and its curated subset is more balanced. */
class DemoCommandTest {

    private static final Pattern SUMMARY = Pattern.compile(
            "(curated|uniform): min (\\d+), max (\\d+), max/min \\S+, cv (\\d+[.,]\\d+)");

    private static final Pattern LOSS = Pattern.compile(
            "loss at the start (\\d+[.,]\\d+), at the end (\\d+[.,]\\d+)");

    @TempDir
    Path tmp;

    @Test
    void demoCuratedSubsetSpreadsMoreEvenlyThanUniform() {
        CliRun run = CliRun.of("demo", "--out", tmp.toString(), "--config",
                CliRun.demoConfig().toString(), "--backend", "java");
        assertEquals(0, run.exitCode(), run.describe());
        double curated = cv(run.out(), "curated");
        double uniform = cv(run.out(), "uniform");
        assertTrue(curated < uniform, "curated cv " + curated + " not below uniform cv "
                + uniform + ":\n" + run.out());
        assertTrue(Files.isRegularFile(tmp.resolve("sample").resolve("indices.npy")));
        assertTrue(Files.isRegularFile(tmp.resolve("export").resolve("tiles.csv")));
        assertTrue(run.out().contains("== 6/6 train"), run.out());
        assertTrue(run.out().contains("trained steps 1..200"), run.out());
        assertTrue(run.out().contains("training steps 1..200 over the event bus: batch 16 "
                + "stratified over"), run.out());
        Matcher loss = LOSS.matcher(run.out());
        assertTrue(loss.find(), run.out());
        double start = Double.parseDouble(loss.group(1).replace(',', '.'));
        double end = Double.parseDouble(loss.group(2).replace(',', '.'));
        assertTrue(end < start, "demo loss " + start + " -> " + end);
        assertTrue(Files.isRegularFile(tmp.resolve("train").resolve("LATEST")));
        assertTrue(Files.isRegularFile(tmp.resolve("embed").resolve("embeddings.npy")));
    }

    private static double cv(String out, String which) {
        Matcher m = SUMMARY.matcher(out);
        while (m.find()) {
            if (m.group(1).equals(which)) {
                return Double.parseDouble(m.group(4).replace(',', '.'));
            }
        }
        throw new AssertionError("no '" + which + ":' summary line in:\n" + out);
    }
}
