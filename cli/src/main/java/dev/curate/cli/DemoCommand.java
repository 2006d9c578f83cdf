package dev.curate.cli;

import dev.curate.engine.config.CurationConfig;
import dev.curate.engine.demo.DemoEmbeddings;
import dev.curate.engine.demo.DemoFiles;
import dev.curate.engine.io.TileTable;
import dev.curate.engine.io.GroupStatsReader;
import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.store.Ingest;
import dev.curate.engine.store.IngestListener;
import dev.curate.engine.store.IngestOptions;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.stratify.StratifyParams;
import dev.curate.engine.train.DinoTrainer;
import dev.curate.engine.train.TrainListener;
import dev.curate.engine.train.TrainParams;
import dev.curate.engine.train.TrainRuntime;
import dev.curate.engine.train.TrainStepStats;
import dev.curate.engine.train.TrainSummary;
import dev.curate.engine.train.data.DemoTileImageSource;
import dev.curate.engine.train.data.TileImageSource;
import dev.curate.engine.train.data.TileRef;
import dev.curate.engine.train.eval.KnnProbe;
import dev.curate.engine.train.eval.TileEmbedder;
import dev.curate.engine.train.eval.TileEmbeddings;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.CuratedSubsetWriter;
import dev.curate.engine.tree.HierarchicalSampler;
import dev.curate.engine.tree.SizeSummary;
import dev.curate.engine.tree.SubsetSpread;
import dev.curate.engine.tree.TreeExporter;
import dev.curate.verticles.train.BusTraining;
import dev.curate.verticles.viz.LiveRunEvents;
import dev.curate.verticles.viz.VizData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curate demo}: the main job on the embedded default. Cuts the real H-DAB image shipped
 * in the repository into tiles, embeds them with the built-in descriptor, then ingests,
 * clusters, samples and exports, and prints how balanced the curated subset is.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole job on the shipped histology image: embed tiles, ingest, "
                + "cluster (3 levels), sample, export, print the balance, then train a tiny "
                + "DINO model on stratified batches and probe its embeddings.")
final class DemoCommand implements Callable<Integer> {

    private static final int DEMO_BATCH = 16;
    private static final double DEMO_LR = 1e-3;
    private static final int DEMO_LOCAL_CROPS = 2;
    private static final int EMBED_BATCH = 128;
    private static final int PROBE_TILES = 1000;
    /** Pseudo-epochs of the demo's batch stream, in batches. */
    private static final int DEMO_EPOCH_BATCHES = 50;
    /** The demo image's 8 slides (its dihedral copies) all fit under this cap. */
    private static final int DEMO_MAX_OPEN_SLIDES = 800;
    /** Steps averaged for the start and end loss. */
    private static final int DEMO_LOSS_MEAN_STEPS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "demo-out", paramLabel = "DIR",
            description = "Working folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--config", paramLabel = "FILE",
            defaultValue = "${sys:curate.home:-.}/configs/demo.yaml",
            description = "Tree config (default: configs/demo.yaml).")
    Path config;

    @Option(names = "--target", defaultValue = "1000",
            description = "Size of the curated subset (default: ${DEFAULT-VALUE}).")
    int target;

    @Option(names = "--backend", paramLabel = "auto|opencl|cpu-fast|java",
            description = "Assign-step backend (default: the config's).")
    String backend;

    @Option(names = "--seed", description = "Seed of the tree and the sample "
            + "(default: the config's).")
    Long seed;

    @Option(names = "--train-steps", defaultValue = "200", paramLabel = "N",
            description = "Steps of the closing DINO run on the tiny model; 0 skips it "
                    + "(default: ${DEFAULT-VALUE}).")
    long trainSteps;

    @Option(names = "--serve", description = "Serve the live page while the job runs, and"
            + " keep serving it after the summary until Ctrl-C.")
    boolean serve;

    @Mixin
    PageOptions page;

    @Override
    public Integer call() throws InterruptedException {
        CurationConfig cfg = CurationConfig.load(config);
        cfg.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        PrintWriter stdout = spec.commandLine().getOut();
        long runSeed = seed == null ? cfg.hierarchy().seed() : seed;
        if (!serve) {
            return runJob(cfg, runSeed, stdout, null);
        }
        page.mapProjection();
        try (PageServer server = PageServer.start(page.host, page.port)) {
            stdout.printf("live page on %s%n", server.url());
            stdout.flush();
            if (page.replay != null) {
                server.replay(page.replay, page.replayIntervalMs);
            }
            runJob(cfg, runSeed, stdout, server);
            server.serveUntilStopped(stdout);
        }
        return 0;
    }

    private int runJob(CurationConfig cfg, long runSeed, PrintWriter stdout, PageServer server)
            throws InterruptedException {
        LiveRunEvents events = server == null ? null : server.runEvents("demo-" + runSeed);
        stage(events, "embed", 1);
        stdout.println("== 1/6 embed: tiles of the shipped H-DAB image, built-in descriptor");
        DemoEmbeddings demo = DemoEmbeddings.build();
        DemoFiles.write(demo, out.resolve("input"));
        stdout.printf("%,d tiles x %d features written to %s%n",
                demo.vectors().rows(), demo.vectors().dim(), out.resolve("input"));
        Path storeDir = out.resolve("store");
        deleteDemoStore(storeDir);
        try (TileStore store = TileStore.open(storeDir)) {
            stage(events, "ingest", 2);
            stdout.println("== 2/6 ingest");
            ingest(store, stdout);
            stage(events, "cluster", 3);
            stdout.println("== 3/6 cluster");
            ClusterCommand.Run run = new ClusterCommand.Run(withSeed(cfg, runSeed),
                    backend == null ? cfg.backend() : backend, false, List.of());
            ClusterTree tree = ClusterCommand.cluster(store, run, stdout,
                    events == null ? HierarchyListener.NONE : events);
            printLevels(tree, stdout);
            if (server != null) {
                server.publish(pageData(store, tree, demo));
            }
            stage(events, "sample", 4);
            stdout.println("== 4/6 sample");
            HierarchicalSampler.Result subset = HierarchicalSampler.sample(tree,
                    new HierarchicalSampler.Request(target, 1, SamplingStrategy.RANDOM,
                            runSeed));
            CuratedSubsetWriter.write(subset, store.tileTable(), out.resolve("sample"));
            printBalance(tree, subset.indices(), runSeed, stdout);
            stage(events, "export", 5);
            stdout.println("== 5/6 export");
            TreeExporter.export(tree, store.tileTable(), out.resolve("export"), true);
            stdout.printf("tree exported to %s, curated subset in %s%n",
                    out.resolve("export"), out.resolve("sample"));
            if (trainSteps > 0) {
                stage(events, "train", 6);
                stdout.println("== 6/6 train: DINO on the demo tiles, stratified batches over "
                        + "the top clusters streamed over the event bus");
                train(store, tree, demo, runSeed, stdout, server);
            }
        }
        if (events != null) {
            events.publish("runEnd", new JsonObject().put("stages", STAGES));
        }
        return 0;
    }

    /** Trains the tiny model, embeds every tile with its teacher and probes the embeddings. */
    private void train(TileStore store, ClusterTree tree, DemoEmbeddings demo, long runSeed,
            PrintWriter stdout, PageServer server) throws InterruptedException {
        TrainRuntime.prepare(TrainRuntime.defaultThreads());
        Path checkpoints = out.resolve("train");
        deleteTree(checkpoints);
        TrainParams params = TrainCommand.params("tiny", trainSteps, DEMO_BATCH, DEMO_LR,
                DEMO_LOCAL_CROPS, runSeed, Math.max(1, trainSteps / 2));
        try (DinoTrainer trainer = DinoTrainer.create(params);
                DinoTrainer untrained = DinoTrainer.create(params);
                TileImageSource images = new DemoTileImageSource(demo.tiles())) {
            List<Float> losses = new ArrayList<>();
            TrainSummary summary = TrainCommand.runOverBus(trainer,
                    new BusTraining.StreamSettings(null, new StratifyParams(DEMO_BATCH,
                            DEMO_EPOCH_BATCHES * DEMO_BATCH, DEMO_MAX_OPEN_SLIDES, runSeed,
                            false)), tree, store, images, checkpoints,
                    Math.max(1, trainSteps / 4), stdout, new TrainListener() {
                        @Override
                        public void onStep(TrainStepStats s) {
                            losses.add(s.loss());
                        }
                    }, server == null ? null : server.vertx());
            stdout.println(summary.describe());
            int k = Math.max(1, Math.min(DEMO_LOSS_MEAN_STEPS, losses.size() / 2));
            stdout.printf("loss at the start %.4f, at the end %.4f (means of the first and the "
                    + "last %d steps)%n", mean(losses.subList(0, k)),
                    mean(losses.subList(losses.size() - k, losses.size())), k);
            TileEmbeddings e = EmbedCommand.embedAll(trainer, store.tileTable(), images,
                    EMBED_BATCH, out.resolve("embed"));
            stdout.printf("teacher embeddings: %,d tiles x %d in %s%n", e.rows(), e.dim(),
                    out.resolve("embed"));
            stdout.println(EmbedCommand.describe(EmbedCommand.probe(e, tree, PROBE_TILES,
                    runSeed)));
            TileEmbeddings before = new TileEmbedder(untrained, EMBED_BATCH)
                    .embed(probeRefs(e, store.tileTable()), images);
            KnnProbe.Report baseline = EmbedCommand.probe(before, tree, PROBE_TILES, runSeed);
            stdout.printf("  the same probe on the untrained network: accuracy %.3f%n",
                    baseline.accuracy());
        }
    }

    private static double mean(List<Float> values) {
        return values.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
    }

    private static List<TileRef> probeRefs(TileEmbeddings e, TileTable table) {
        List<TileRef> refs = new ArrayList<>(e.rows());
        for (long t : e.tileIndices()) {
            int i = (int) t;
            refs.add(new TileRef(table.slideOf(t), t, table.tileX()[i], table.tileY()[i]));
        }
        return refs;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the demo checkpoints " + dir, e);
        }
    }

    private static final int STAGES = 6;

    private static void stage(LiveRunEvents events, String name, int index) {
        if (events != null) {
            events.stage(name, index, STAGES);
        }
    }

    private VizData pageData(TileStore store, ClusterTree tree, DemoEmbeddings demo) {
        VizData data = VizData.ofStore(store.vectors(), store.tileTable(), tree,
                store::slideMetadata, demo.tiles()::renderPng, page.mapProjection());
        return page.metadataStats == null ? data
                : data.withGroups(GroupStatsReader.read(page.metadataStats));
    }

    /** The demo's store is its own scratch folder: each run starts from a fresh one. */
    private static void deleteDemoStore(Path storeDir) {
        if (!Files.isDirectory(storeDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(storeDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the demo store " + storeDir, e);
        }
    }

    private void ingest(TileStore store, PrintWriter stdout) {
        Path input = out.resolve("input");
        IngestOptions options = IngestOptions.defaults()
                .withTileTable(input.resolve(DemoFiles.TILES));
        stdout.println(Ingest.run(store, List.of(input.resolve(DemoFiles.EMBEDDINGS)),
                options, IngestListener.NONE).summary());
    }

    private static HierarchyParams withSeed(CurationConfig cfg, long seed) {
        HierarchyParams p = cfg.hierarchy();
        return new HierarchyParams(p.levels(), p.strategy(), p.init(), seed);
    }

    private static void printLevels(ClusterTree tree, PrintWriter stdout) {
        stdout.println("cluster sizes per level (direct members; flat = tiles under it):");
        for (int l = 1; l <= tree.depth(); l++) {
            long[] direct = new long[tree.level(l).clusterCount()];
            for (int c = 0; c < direct.length; c++) {
                direct[c] = tree.level(l).size(c);
            }
            SizeSummary d = SizeSummary.of(direct);
            SizeSummary f = SizeSummary.of(tree.flatSizes(l));
            stdout.printf("  level %d: %4d clusters, members min %d / median %d / max %d;"
                    + " flat min %d / median %d / max %d (cv %.2f)%n", l, d.count(), d.min(),
                    d.median(), d.max(), f.min(), f.median(), f.max(), f.cv());
        }
    }

    private static void printBalance(ClusterTree tree, long[] curated, long seed,
            PrintWriter stdout) {
        int top = tree.depth();
        long[] flat = tree.flatSizes(top);
        long[] ours = SubsetSpread.countsPerCluster(tree, top, curated);
        long[] uniform = SubsetSpread.countsPerCluster(tree, top,
                SubsetSpread.uniformSubset(tree, curated.length, seed));
        stdout.printf("how %,d tiles spread over the %d top clusters:%n", curated.length,
                flat.length);
        stdout.println("  cluster  tiles  curated  uniform");
        for (int c = 0; c < flat.length; c++) {
            stdout.printf("  %7d %6d %8d %8d%n", c, flat[c], ours[c], uniform[c]);
        }
        SizeSummary o = SizeSummary.of(ours);
        SizeSummary u = SizeSummary.of(uniform);
        stdout.printf("  curated: min %d, max %d, max/min %.1f, cv %.2f%n",
                o.min(), o.max(), o.maxToMin(), o.cv());
        stdout.printf("  uniform: min %d, max %d, max/min %.1f, cv %.2f%n",
                u.min(), u.max(), u.maxToMin(), u.cv());
    }
}
