package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code curate train} over the event bus, killed (SIGKILL) mid-run in a child JVM, then
 * resumed: the step count continues from the last checkpoint and the last loss equals that of
 * an uninterrupted run.
 */
class TrainKillResumeTest {

    private static final Pattern LAST = Pattern.compile("step 30/30: loss (\\S+) ");
    private static final Pattern RESUMED = Pattern.compile(
            "training steps (\\d+)\\.\\.30 over the event bus");

    private static final String[] RUN = {"--model", "tiny", "--batch-size", "8",
        "--local-crops", "1", "--lr", "1e-3", "--steps", "30", "--checkpoint-every", "5",
        "--epoch-size", "40"};

    @TempDir
    static Path demo;

    @TempDir
    Path tmp;

    private ChildCurate child;

    @BeforeAll
    static void buildDemoStore() {
        CliRun run = CliRun.of("demo", "--out", demo.toString(), "--config",
                CliRun.demoConfig().toString(), "--backend", "java", "--train-steps", "0");
        assertEquals(0, run.exitCode(), run.describe());
    }

    @AfterEach
    void stopChild() throws InterruptedException {
        if (child != null) {
            child.destroy();
        }
    }

    private static String[] args(Path ckpt, String... more) {
        String[] base = {"train", "--store", demo.resolve("store").toString(), "--demo-images",
            "--checkpoints", ckpt.toString(), "--progress-every", "1", "--threads", "1"};
        String[] out = new String[base.length + more.length];
        System.arraycopy(base, 0, out, 0, base.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    @Test
    void killedBusFedTrainResumesItsStepCountAndEndsOnTheUninterruptedLoss() throws Exception {
        CliRun whole = CliRun.of(args(tmp.resolve("whole"), RUN));
        assertEquals(0, whole.exitCode(), whole.describe());
        String expected = match(LAST, whole.out());

        Path ckpt = tmp.resolve("killed");
        child = ChildCurate.start("train", args(ckpt, RUN));
        child.awaitLine(l -> l.startsWith("step 12/30: "), 120);
        child.kill();
        assertTrue(Files.isRegularFile(ckpt.resolve("LATEST")), child.output());

        CliRun resumed = CliRun.of(args(ckpt, "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.describe());
        int first = Integer.parseInt(match(RESUMED, resumed.out()));
        assertTrue(first > 10 && (first - 1) % 5 == 0, "resumed at step " + first + " (the"
                + " kill came after step 12, checkpoints every 5):\n" + resumed.out());
        assertTrue(resumed.out().contains("step " + first + "/30: "), resumed.out());
        assertEquals(expected, match(LAST, resumed.out()), "the resumed run joins the curve");
    }

    private static String match(Pattern p, String out) {
        Matcher m = p.matcher(out);
        assertTrue(m.find(), "no match for " + p + " in:\n" + out);
        return m.group(1);
    }
}
