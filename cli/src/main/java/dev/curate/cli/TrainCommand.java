package dev.curate.cli;

import dev.curate.engine.store.TileStore;
import dev.curate.engine.train.DinoTrainer;
import dev.curate.engine.train.TrainListener;
import dev.curate.engine.train.TrainParams;
import dev.curate.engine.train.TrainRuntime;
import dev.curate.engine.train.TrainStepStats;
import dev.curate.engine.train.TrainSummary;
import dev.curate.engine.train.data.TileImageSource;
import dev.curate.engine.train.data.TopClusterBatchSource;
import dev.curate.engine.train.model.ModelConfig;
import dev.curate.engine.tree.ClusterTree;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curate train}: a DINO run on a store's tiles, fed by batches stratified over the
 * tree's top clusters, with checkpoints and {@code --resume}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a small ViT with DINO + KoLeo on tile images, batches stratified "
                + "over the store's top-level clusters; checkpoints in --checkpoints.")
final class TrainCommand implements Callable<Integer> {

    /** Options that --resume takes from the checkpoint instead. */
    private static final List<String> RUN_OPTIONS = List.of("--model", "--steps",
            "--batch-size", "--lr", "--seed", "--checkpoint-every", "--local-crops");

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    TileImageOptions imageOptions;

    @Option(names = "--checkpoints", required = true, paramLabel = "DIR",
            description = "Checkpoint folder (step-<n>/ and LATEST).")
    Path checkpoints;

    @Option(names = "--resume",
            description = "Continue the run in --checkpoints with its saved settings.")
    boolean resume;

    @Option(names = "--model", defaultValue = "cpu", paramLabel = "cpu|tiny",
            description = "Network size: cpu (64 px, width 192, depth 6) or tiny (32 px, "
                    + "width 32, depth 1) (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--steps", defaultValue = "1000",
            description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--batch-size", defaultValue = "32",
            description = "Tiles per batch, at least 2 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "5e-4",
            description = "AdamW learning rate after warm-up (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--local-crops", defaultValue = "4",
            description = "Local crops per tile (default: ${DEFAULT-VALUE}).")
    int localCrops;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: 0).")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "STEPS",
            description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (default: half the cores).")
    Integer threads;

    @Option(names = "--progress-every", defaultValue = "50", paramLabel = "STEPS",
            description = "Steps between progress lines (default: ${DEFAULT-VALUE}).")
    long progressEvery;

    @Override
    public Integer call() throws InterruptedException {
        TrainRuntime.prepare(threads == null ? TrainRuntime.defaultThreads() : threads);
        PrintWriter out = spec.commandLine().getOut();
        try (TileStore store = storeOptions.open();
                TileImageSource images = imageOptions.open();
                DinoTrainer trainer = openTrainer()) {
            ClusterTree tree = store.tree().orElseThrow(() -> new IllegalArgumentException(
                    "store " + storeOptions.store + " has no tree to stratify batches by: run "
                            + "curate cluster or curate import-tree first"));
            TrainSummary summary = run(trainer, tree, store, images, checkpoints, progressEvery,
                    out);
            out.println(summary.describe());
            out.printf("checkpoint: %s%n", summary.checkpoint());
        }
        return 0;
    }

    /** Trains with batches over the tree's top clusters and prints progress lines. */
    static TrainSummary run(DinoTrainer trainer, ClusterTree tree, TileStore store,
            TileImageSource images, Path checkpoints, long progressEvery, PrintWriter out)
            throws InterruptedException {
        TrainParams p = trainer.params();
        TopClusterBatchSource source = new TopClusterBatchSource(tree, store.tileTable(),
                p.batchSize(), p.seed());
        out.printf("training steps %d..%d: batch %d over %d top clusters, %d px tiles, "
                + "width %d, depth %d%n", trainer.step() + 1, p.totalSteps(), p.batchSize(),
                source.strata(), p.model().globalCropPx(), p.model().embedDim(),
                p.model().depth());
        return trainer.train(source, images, new TrainListener() {
            @Override
            public void onStep(TrainStepStats s) {
                if (s.step() % progressEvery == 0 || s.step() == s.totalSteps()) {
                    out.println(progressLine(s));
                    out.flush();
                }
            }
        }, checkpoints);
    }

    static String progressLine(TrainStepStats s) {
        String strata = s.stratumCounts().stream().map(String::valueOf)
                .collect(Collectors.joining("/"));
        return String.format("step %d/%d: loss %.4f (dino %.4f, koleo %.4f, ibot %.4f), "
                + "lr %.2e, %.0f images/s, waited %.1f ms, %d tiles per stratum %s, "
                + "%d missing, %d repeats", s.step(), s.totalSteps(), s.loss(), s.dinoLoss(),
                s.koleoLoss(), s.ibotLoss(), s.learningRate(), s.imagesPerSecond(), s.waitMs(),
                s.tiles(), strata, s.missingTiles(), s.duplicates());
    }

    private DinoTrainer openTrainer() {
        if (resume) {
            List<String> given = RUN_OPTIONS.stream()
                    .filter(o -> spec.commandLine().getParseResult().hasMatchedOption(o))
                    .toList();
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("--resume continues the saved run with its "
                        + "own settings; drop " + String.join(", ", given));
            }
            return DinoTrainer.resume(checkpoints);
        }
        return DinoTrainer.create(params(model, steps, batchSize, lr, localCrops, seed,
                checkpointEvery));
    }

    /** Builds run parameters from the options. */
    static TrainParams params(String model, long steps, int batchSize, double lr,
            int localCrops, long seed, long checkpointEvery) {
        ModelConfig m = switch (model) {
            case "cpu" -> ModelConfig.cpuDefault();
            case "tiny" -> ModelConfig.tiny();
            default -> throw new IllegalArgumentException("--model '" + model
                    + "' is not one of cpu, tiny");
        };
        return TrainParams.defaults(m, steps)
                .withBaseLr(lr)
                .with(batchSize, seed, checkpointEvery)
                .withLocalCrops(localCrops);
    }
}
