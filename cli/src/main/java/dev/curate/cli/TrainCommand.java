package dev.curate.cli;

import dev.curate.engine.store.TileStore;
import dev.curate.engine.stratify.StoreStrata;
import dev.curate.engine.stratify.StrataPool;
import dev.curate.engine.stratify.StratifyParams;
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
import dev.curate.verticles.train.BusTraining;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code curate train}: a DINO run on a store's tiles with checkpoints and {@code --resume}.
 * By default ({@code --feed bus}) the stratify engine's batches over a tree level are streamed
 * to the trainer over the local event bus with credit-based back-pressure; {@code --feed
 * top-clusters} keeps the trainer's own stand-in source over the top clusters.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a small ViT with DINO + KoLeo on tile images, batches stratified "
                + "over a level of the store's tree and streamed over the event bus; "
                + "checkpoints in --checkpoints.")
final class TrainCommand implements Callable<Integer> {

    /** Options that --resume takes from the checkpoint instead. */
    private static final List<String> RUN_OPTIONS = List.of("--model", "--steps",
            "--batch-size", "--lr", "--seed", "--checkpoint-every", "--local-crops",
            "--ibot-weight", "--feed", "--level", "--epoch-size", "--max-open-slides");

    /** Default pseudo-epoch, in batches, when --epoch-size is not given. */
    static final int DEFAULT_EPOCH_BATCHES = 100;

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

    @Option(names = "--ibot-weight", defaultValue = "0", paramLabel = "W",
            description = "Weight of the iBOT masked-patch term; 0 is off (default: "
                    + "${DEFAULT-VALUE}; see Known limits).")
    float ibotWeight;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: 0).")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "STEPS",
            description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--feed", defaultValue = "bus", paramLabel = "bus|top-clusters",
            description = "Batch source: bus (the stratify engine's batches over the event bus)"
                    + " or top-clusters (the trainer's stand-in) (default: ${DEFAULT-VALUE}).")
    String feed;

    @Option(names = "--level", paramLabel = "L",
            description = "Tree level whose clusters are the strata, with --feed bus "
                    + "(default: the top).")
    Integer level;

    @Option(names = "--epoch-size", paramLabel = "TILES",
            description = "Tiles per pseudo-epoch, with --feed bus (default: 100 batches).")
    Integer epochSize;

    @Option(names = "--max-open-slides", defaultValue = "800", paramLabel = "N",
            description = "Most slides one pseudo-epoch opens, with --feed bus "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxOpenSlides;

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
        try (TileStore store = storeOptions.openExisting();
                TileImageSource images = imageOptions.open();
                DinoTrainer trainer = openTrainer()) {
            ClusterTree tree = store.tree().orElseThrow(() -> new IllegalArgumentException(
                    "store " + storeOptions.store + " has no tree to stratify batches by: run "
                            + "curate cluster or curate import-tree first"));
            boolean bus = resume ? trainer.checkpointExtras().containsKey(BusTraining.EPOCH_SIZE)
                    : feed(feed);
            TrainSummary summary;
            if (bus) {
                BusTraining.StreamSettings settings = resume ? BusTraining.settings(trainer)
                        : new BusTraining.StreamSettings(level, new StratifyParams(
                                trainer.params().batchSize(), epochSize == null
                                ? DEFAULT_EPOCH_BATCHES * trainer.params().batchSize()
                                : epochSize, maxOpenSlides, trainer.params().seed(), false));
                summary = runOverBus(trainer, settings, tree, store, images, checkpoints,
                        progressEvery, out, TrainListener.NONE);
            } else {
                summary = run(trainer, tree, store, images, checkpoints, progressEvery, out);
            }
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

    private static boolean feed(String feed) {
        return switch (feed) {
            case "bus" -> true;
            case "top-clusters" -> false;
            default -> throw new IllegalArgumentException("--feed '" + feed
                    + "' is not one of bus, top-clusters");
        };
    }

    /**
     * Trains on the stratify engine's batches over {@code settings}' tree level, streamed over
     * a local event bus, and prints progress lines (always the first and the last step);
     * {@code also} is told of every step after the line.
     */
    static TrainSummary runOverBus(DinoTrainer trainer, BusTraining.StreamSettings settings,
            ClusterTree tree, TileStore store, TileImageSource images, Path checkpoints,
            long progressEvery, PrintWriter out, TrainListener also) throws InterruptedException {
        return runOverBus(trainer, settings, tree, store, images, checkpoints, progressEvery,
                out, also, null);
    }

    /**
     * As above, on {@code shared} when it is not {@code null} (e.g. the live page's Vert.x, so
     * the page sees the batches and the loss as they stream); it is left open.
     */
    static TrainSummary runOverBus(DinoTrainer trainer, BusTraining.StreamSettings settings,
            ClusterTree tree, TileStore store, TileImageSource images, Path checkpoints,
            long progressEvery, PrintWriter out, TrainListener also, Vertx shared)
            throws InterruptedException {
        TrainParams p = trainer.params();
        StrataPool pool = StoreStrata.of(tree, store.tileTable(), settings.level());
        StratifyParams sp = settings.params();
        out.printf("training steps %d..%d over the event bus: batch %d stratified over %d "
                + "clusters of level %s, pseudo-epochs of %d batches (%d tiles, at most %d "
                + "slides), %d batches in flight at most, %d px tiles, width %d, depth %d%n",
                trainer.step() + 1, p.totalSteps(), p.batchSize(), pool.strataCount(),
                settings.level() == null ? tree.depth() : settings.level(),
                sp.batchesPerEpoch(), sp.epochSize(), sp.maxOpenSlides(), p.prefetchBatches(),
                p.model().globalCropPx(), p.model().embedDim(), p.model().depth());
        out.flush();
        BusTraining.putSettings(trainer, settings);
        Vertx vertx = shared == null ? Vertx.vertx() : shared;
        try {
            return BusTraining.run(vertx, pool, sp, store.tileTable(), trainer, images,
                    checkpoints, new TrainListener() {
                        @Override
                        public void onStep(TrainStepStats s) {
                            if (s.step() % progressEvery == 0 || s.step() == s.totalSteps()
                                    || s.step() == 1) {
                                out.println(progressLine(s));
                                out.flush();
                            }
                            also.onStep(s);
                        }
                    });
        } finally {
            if (shared == null) {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
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
        TrainParams p = params(model, steps, batchSize, lr, localCrops, seed, checkpointEvery);
        return DinoTrainer.create(p.withTermWeights(p.koleoWeight(), ibotWeight));
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
