package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curate train} and {@code curate embed} on the demo's store and real tiles. */
class TrainCommandTest {

    private static final Pattern STEP6 = Pattern.compile("step 6/6: loss (\\S+) ");

    @TempDir
    static Path demo;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildDemoStore() {
        CliRun run = CliRun.of("demo", "--out", demo.toString(), "--config",
                CliRun.demoConfig().toString(), "--backend", "java", "--train-steps", "0");
        assertEquals(0, run.exitCode(), run.describe());
    }

    @Test
    void runResumedFromAnEarlierCheckpointEndsOnTheSameLoss() throws Exception {
        Path ckpt = tmp.resolve("ckpt");
        CliRun first = train("--checkpoints", ckpt.toString(), "--steps", "6",
                "--checkpoint-every", "3");
        assertEquals(0, first.exitCode(), first.describe());
        String loss = lossAtStep6(first.out());

        // as if killed between step 3 and step 6: only the step-3 checkpoint is left
        Files.walk(ckpt.resolve("step-000000006")).sorted((a, b) -> b.compareTo(a))
                .forEach(p -> p.toFile().delete());
        Files.writeString(ckpt.resolve("LATEST"), "step-000000003\n");
        CliRun resumed = CliRun.of("train", "--store", demo.resolve("store").toString(),
                "--demo-images", "--checkpoints", ckpt.toString(), "--resume",
                "--progress-every", "1", "--threads", "1");
        assertEquals(0, resumed.exitCode(), resumed.describe());
        assertTrue(resumed.out().contains("training steps 4..6 over the event bus"),
                resumed.out());
        assertEquals(loss, lossAtStep6(resumed.out()), "the resumed run joins the first");
    }

    @Test
    void topClustersFeedKeepsTheStandInSourceAndItsResumeStaysOffTheBus() throws Exception {
        Path ckpt = tmp.resolve("ckpt");
        CliRun first = train("--checkpoints", ckpt.toString(), "--steps", "4",
                "--checkpoint-every", "2", "--feed", "top-clusters");
        assertEquals(0, first.exitCode(), first.describe());
        assertTrue(first.out().contains("training steps 1..4: batch 8 over"), first.out());
        Files.walk(ckpt.resolve("step-000000004")).sorted((a, b) -> b.compareTo(a))
                .forEach(p -> p.toFile().delete());
        Files.writeString(ckpt.resolve("LATEST"), "step-000000002\n");
        CliRun more = CliRun.of("train", "--store", demo.resolve("store").toString(),
                "--demo-images", "--checkpoints", ckpt.toString(), "--resume",
                "--threads", "1");
        assertEquals(0, more.exitCode(), more.describe());
        assertTrue(more.out().contains("training steps 3..4: batch 8 over"), more.out());
        assertFalse(more.out().contains("over the event bus"), more.out());
    }

    @Test
    void unknownFeedIsRefusedNamingIt() {
        CliRun run = train("--checkpoints", tmp.toString(), "--steps", "2", "--feed", "kafka");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("--feed 'kafka' is not one of bus, top-clusters"),
                run.err());
    }

    @Test
    void resumeRefusesOptionsThatWouldChangeTheRun() {
        CliRun run = CliRun.of("train", "--store", demo.resolve("store").toString(),
                "--demo-images", "--checkpoints", tmp.toString(), "--resume", "--steps", "9");
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("drop --steps"), run.err());
    }

    @Test
    void exactlyOneImageSourceIsRequired() {
        CliRun run = CliRun.of("train", "--store", demo.resolve("store").toString(),
                "--checkpoints", tmp.toString());
        assertEquals(2, run.exitCode(), run.describe());
        assertTrue(run.err().contains("give exactly one of --images, --images-tar and "
                + "--demo-images (got 0)"), run.err());
    }

    @Test
    void embedWritesOneTeacherRowPerDemoTileAndProbes() throws Exception {
        Path ckpt = tmp.resolve("ckpt");
        assertEquals(0, train("--checkpoints", ckpt.toString(), "--steps", "2").exitCode());
        Path out = tmp.resolve("embed");
        CliRun run = CliRun.of("embed", "--store", demo.resolve("store").toString(),
                "--demo-images", "--checkpoints", ckpt.toString(), "--out", out.toString(),
                "--probe", "300");
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().contains("embedded 6,728 tiles x 32 with the teacher of step 2"),
                run.out());
        assertTrue(run.out().contains("10-NN accuracy"), run.out());
        try (NpyReader back = NpyReader.open(out.resolve("embeddings.npy"))) {
            assertEquals(6728, back.rows());
            assertEquals(32, back.dim());
        }
        assertEquals(6728, CliFixtures.readInt64(out.resolve("tile_indices.npy")).length);
    }

    private static CliRun train(String... more) {
        String[] base = {"train", "--store", demo.resolve("store").toString(), "--demo-images",
            "--model", "tiny", "--batch-size", "8", "--local-crops", "1", "--lr", "1e-3",
            "--progress-every", "1", "--threads", "1"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    private static String lossAtStep6(String out) {
        Matcher m = STEP6.matcher(out);
        assertTrue(m.find(), "no step 6 line in:\n" + out);
        return m.group(1);
    }
}
