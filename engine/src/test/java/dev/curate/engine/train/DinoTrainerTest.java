package dev.curate.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.train.data.TileImage;
import dev.curate.engine.train.data.TileImageSource;
import dev.curate.engine.train.data.TileRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DINO loop on real demo tiles: loss falls, a killed run resumes on the same curve. */
class DinoTrainerTest {

    @TempDir
    Path tmp;

    @Test
    void dinoLossFallsOverThreeHundredStepsWithAFixedSeed() throws Exception {
        TrainParams p = TrainFixtures.tiny(300, 1);
        List<Float> dino = new ArrayList<>();
        try (DinoTrainer trainer = DinoTrainer.create(p)) {
            trainer.train(TrainFixtures.batches(p), TrainFixtures.images(), new TrainListener() {
                @Override
                public void onStep(TrainStepStats s) {
                    dino.add(s.dinoLoss());
                }
            }, tmp);
        }
        assertEquals(300, dino.size());
        double first = mean(dino.subList(0, 25));
        double last = mean(dino.subList(275, 300));
        assertTrue(last < 0.8 * first, "mean DINO loss of steps 276-300 " + last
                + " is not 20 % below that of steps 1-25 " + first);
        for (float v : dino) {
            assertTrue(Float.isFinite(v), "non-finite loss " + v);
        }
    }

    @Test
    void ibotTermIsFinitePositiveAndFallsWhenSwitchedOn() throws Exception {
        TrainParams p = TrainFixtures.tiny(60, 2).withTermWeights(0.1f, 1f);
        List<TrainStepStats> steps = new ArrayList<>();
        try (DinoTrainer trainer = DinoTrainer.create(p)) {
            trainer.train(TrainFixtures.batches(p), TrainFixtures.images(),
                    collect(steps, Long.MAX_VALUE), tmp);
        }
        for (TrainStepStats s : steps) {
            assertTrue(Float.isFinite(s.ibotLoss()) && s.ibotLoss() > 0,
                    "iBOT term " + s.ibotLoss() + " at step " + s.step());
        }
        double first = steps.subList(0, 10).stream().mapToDouble(TrainStepStats::ibotLoss)
                .average().orElseThrow();
        double last = steps.subList(50, 60).stream().mapToDouble(TrainStepStats::ibotLoss)
                .average().orElseThrow();
        assertTrue(last < first, "iBOT term of steps 51-60 " + last + " not below steps 1-10 "
                + first);
    }

    @Test
    void killedRunResumesAtItsCheckpointAndJoinsTheUninterruptedCurve() throws Exception {
        TrainParams p = TrainFixtures.tiny(10, 3);
        List<TrainStepStats> whole = run(p, tmp.resolve("whole"), Long.MAX_VALUE);

        // kill the run in step 7: the last checkpoint is step 5
        Path ckpt = tmp.resolve("killed");
        assertThrows(IllegalStateException.class, () -> run(p, ckpt, 7));
        assertTrue(Files.isDirectory(ckpt.resolve("step-000000005")));
        List<TrainStepStats> resumed = new ArrayList<>();
        try (DinoTrainer trainer = DinoTrainer.resume(ckpt)) {
            assertEquals(5, trainer.step());
            assertEquals(5, trainer.nextSequence());
            TrainSummary summary = trainer.train(TrainFixtures.batches(p),
                    TrainFixtures.images(), collect(resumed, Long.MAX_VALUE), ckpt);
            assertEquals(5, summary.firstStep());
            assertEquals(10, summary.lastStep());
        }
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), resumed.stream().map(TrainStepStats::step)
                .toList());
        for (int i = 0; i < 5; i++) {
            TrainStepStats a = whole.get(5 + i);
            TrainStepStats b = resumed.get(i);
            assertEquals(a.loss(), b.loss(), 1e-5f, "loss at step " + a.step());
            assertEquals(a.learningRate(), b.learningRate(), 1e-12);
            assertEquals(a.stratumCounts(), b.stratumCounts());
        }
    }

    @Test
    void missingTilesAreCountedAndSkippedNotFatal() throws Exception {
        TrainParams p = TrainFixtures.tiny(4, 5);
        TileImageSource everyThirdMissing = new TileImageSource() {
            private final TileImageSource demo = TrainFixtures.images();

            @Override
            public Optional<TileImage> read(TileRef tile) {
                return tile.tileIndex() % 3 == 0 ? Optional.empty() : demo.read(tile);
            }
        };
        List<TrainStepStats> steps = new ArrayList<>();
        try (DinoTrainer trainer = DinoTrainer.create(p)) {
            TrainSummary s = trainer.train(TrainFixtures.batches(p), everyThirdMissing,
                    collect(steps, Long.MAX_VALUE), tmp);
            assertEquals(4, s.lastStep());
            long missing = steps.stream().mapToLong(TrainStepStats::missingTiles).sum();
            assertEquals(missing, s.missingTiles());
            assertTrue(missing > 0, "some tiles of 4 batches of 16 have an index divisible by 3");
            assertEquals(4 * 16 - missing, s.images());
        }
    }

    @Test
    void resumingAnEmptyFolderIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DinoTrainer.resume(tmp));
        assertEquals("no checkpoint in " + tmp + " (no LATEST file): start a new run instead "
                + "of resuming", e.getMessage());
    }

    @Test
    void checkpointKeepsParametersThatReadBackEqual() throws Exception {
        TrainParams p = TrainFixtures.tiny(3, 8);
        try (DinoTrainer trainer = DinoTrainer.create(p)) {
            trainer.train(TrainFixtures.batches(p), TrainFixtures.images(), TrainListener.NONE,
                    tmp);
            try (DinoTrainer back = DinoTrainer.resume(tmp)) {
                assertEquals(p, back.params());
                assertEquals(3, back.step());
                assertArrayEquals(firstParameter(trainer), firstParameter(back));
            }
        }
        assertEquals("step-000000003", Files.readString(tmp.resolve("LATEST")).trim());
    }

    @Test
    void newRunRefusesAFolderHoldingAnotherRunsCheckpoints() throws Exception {
        TrainParams p = TrainFixtures.tiny(2, 4);
        run(p, tmp, Long.MAX_VALUE);
        try (DinoTrainer again = DinoTrainer.create(p)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> again.train(TrainFixtures.batches(p), TrainFixtures.images(),
                            TrainListener.NONE, tmp));
            assertEquals("checkpoint folder " + tmp + " already holds a run (latest "
                    + "step-000000002): resume it or start the new run in another folder",
                    e.getMessage());
        }
        assertTrue(Files.isDirectory(tmp.resolve("step-000000002")), "old run kept");
    }

    @Test
    void onlyTheTwoNewestCheckpointsAreKept() throws Exception {
        TrainParams p = TrainFixtures.tiny(16, 4);
        run(p, tmp, Long.MAX_VALUE);
        try (var list = Files.list(tmp)) {
            assertEquals(List.of("LATEST", "step-000000015", "step-000000016"),
                    list.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    private static float[] firstParameter(DinoTrainer t) {
        return t.teacher().getParameters().get(0).getValue().getArray().toFloatArray();
    }

    private static List<TrainStepStats> run(TrainParams p, Path dir, long killAt)
            throws InterruptedException {
        List<TrainStepStats> out = new ArrayList<>();
        try (DinoTrainer trainer = DinoTrainer.create(p)) {
            trainer.train(TrainFixtures.batches(p), TrainFixtures.images(),
                    collect(out, killAt), dir);
        }
        return out;
    }

    private static TrainListener collect(List<TrainStepStats> into, long killAt) {
        return new TrainListener() {
            @Override
            public void onStep(TrainStepStats s) {
                if (s.step() == killAt) {
                    throw new IllegalStateException("killed at step " + killAt);
                }
                into.add(s);
            }
        };
    }

    private static double mean(List<Float> values) {
        return values.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    }
}
