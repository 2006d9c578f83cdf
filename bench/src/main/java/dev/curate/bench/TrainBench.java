package dev.curate.bench;

import dev.curate.engine.demo.DemoTiles;
import dev.curate.engine.stratify.StoreStrata;
import dev.curate.engine.stratify.StrataPool;
import dev.curate.engine.stratify.StratifyParams;
import dev.curate.engine.train.DinoTrainer;
import dev.curate.engine.train.TrainListener;
import dev.curate.engine.train.TrainParams;
import dev.curate.engine.train.TrainRuntime;
import dev.curate.engine.train.TrainStepStats;
import dev.curate.engine.train.TrainSummary;
import dev.curate.engine.train.data.DemoTileImageSource;
import dev.curate.engine.train.data.MultiCrop;
import dev.curate.engine.train.data.TileBatch;
import dev.curate.engine.train.data.TopClusterBatchSource;
import dev.curate.engine.train.data.ViewMaker;
import dev.curate.engine.train.model.ModelConfig;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import dev.curate.verticles.train.BusTraining;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training throughput on the demo tiles: images per second of the DINO loop for a model and
 * batch size, the share of step time spent waiting for the prefetch queue, and, as the peer
 * measured in the same run, the time the prefetch thread's work (read and multi-crop one
 * batch) takes alone, as a ratio to a step. A ratio below 1 means the producer keeps ahead and
 * the wait share should be near zero. The same loop is then run on the stratify engine's
 * batches streamed over the local event bus ({@code bus_} figures, and the ratio of its
 * images per second to the direct loop's). Prints one {@code key=value} line per figure.
 *
 * <p>Options: {@code --model cpu|tiny --batch --steps --warmup --local-crops --threads}.
 */
public final class TrainBench {

    private TrainBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args options as listed in the class comment
     * @throws Exception if training fails
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = KMeansBench.options(args);
        int threads = TrainRuntime.prepare(Integer.parseInt(o.getOrDefault("threads",
                Integer.toString(TrainRuntime.defaultThreads()))));
        ModelConfig model = "tiny".equals(o.getOrDefault("model", "cpu"))
                ? ModelConfig.tiny() : ModelConfig.cpuDefault();
        int batch = Integer.parseInt(o.getOrDefault("batch", "32"));
        int steps = Integer.parseInt(o.getOrDefault("steps", "12"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "2"));
        TrainParams p = TrainParams.defaults(model, steps)
                .with(batch, 0, steps)
                .withLocalCrops(Integer.parseInt(o.getOrDefault("local-crops", "4")));
        DemoTiles tiles = DemoTiles.load();
        ClusterTree tree = slideTree(tiles);
        System.out.printf(Locale.ROOT, "model=%s px=%d width=%d depth=%d batch=%d views=%d "
                + "threads=%d steps=%d warmup=%d%n", o.getOrDefault("model", "cpu"),
                model.globalCropPx(), model.embedDim(), model.depth(), batch,
                p.crops().views(), threads, steps, warmup);

        // the training loop, steps after the warm-up counted: the stand-in source in this
        // thread's trainer, then the stratify engine's batches over the local event bus
        double[] sums = loop(p, warmup, "direct", (trainer, listener, dir) -> trainer.train(
                new TopClusterBatchSource(tree, tiles.tileTable(), batch, 0),
                new DemoTileImageSource(tiles), listener, dir));
        double stepMs = sums[0] / (steps - warmup);
        print("", sums, stepMs);
        StratifyParams stream = new StratifyParams(batch, 100 * batch, 800, 0, false);
        StrataPool pool = StoreStrata.of(tree, tiles.tileTable(), null);
        Vertx vertx = Vertx.vertx();
        double[] bus;
        try {
            bus = loop(p, warmup, "bus", (trainer, listener, dir) -> BusTraining.run(vertx,
                    pool, stream, tiles.tileTable(), trainer, new DemoTileImageSource(tiles),
                    dir, listener));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        print("bus_", bus, bus[0] / (steps - warmup));
        System.out.printf(Locale.ROOT, "bus_to_direct_images_per_s_ratio=%.3f%n",
                (bus[2] / bus[0]) / (sums[2] / sums[0]));

        // peer: the prefetch thread's work alone, on this thread
        ViewMaker views = new ViewMaker(new DemoTileImageSource(tiles), new MultiCrop(p.crops()),
                0, model.globalGrid() * model.globalGrid());
        TopClusterBatchSource source = new TopClusterBatchSource(tree, tiles.tileTable(), batch,
                0);
        int batches = Math.max(3, steps - warmup);
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            TileBatch next = source.next().orElseThrow();
            views.make(next);
        }
        double prepareMs = (System.nanoTime() - start) / 1e6 / batches;
        System.out.printf(Locale.ROOT, "prefetch_ms_per_batch=%.1f%n", prepareMs);
        System.out.printf(Locale.ROOT, "prefetch_to_step_ratio=%.3f%n", prepareMs / stepMs);
    }

    /** One way of running a trainer to its last step. */
    @FunctionalInterface
    private interface Run {
        TrainSummary train(DinoTrainer trainer, TrainListener listener, Path dir)
                throws InterruptedException;
    }

    /** Runs a new trainer; returns {step ms, wait ms, tiles} summed over steps after warm-up. */
    private static double[] loop(TrainParams p, int warmup, String name, Run run)
            throws Exception {
        double[] sums = new double[3];
        Path dir = Files.createTempDirectory("curate-train-bench");
        try (DinoTrainer trainer = DinoTrainer.create(p)) {
            TrainSummary summary = run.train(trainer, new TrainListener() {
                @Override
                public void onStep(TrainStepStats s) {
                    if (s.step() > warmup) {
                        sums[0] += s.stepMs();
                        sums[1] += s.waitMs();
                        sums[2] += s.tiles();
                    }
                }
            }, dir);
            System.out.printf(Locale.ROOT, "%s_last_loss=%.4f%n", name, summary.lastLoss());
        } finally {
            deleteTree(dir);
        }
        return sums;
    }

    private static void print(String prefix, double[] sums, double stepMs) {
        System.out.printf(Locale.ROOT, "%strain_images_per_s=%.1f%n", prefix,
                sums[2] / (sums[0] / 1000));
        System.out.printf(Locale.ROOT, "%sms_per_step=%.1f%n", prefix, stepMs);
        System.out.printf(Locale.ROOT, "%swait_share=%.4f%n", prefix, sums[1] / sums[0]);
    }

    /** The demo's 8 slides as 8 top clusters: strata with real differences in orientation. */
    private static ClusterTree slideTree(DemoTiles tiles) {
        int n = tiles.tileCount();
        int perSlide = n / 8;
        long[] offsets = new long[9];
        long[] members = new long[n];
        for (int t = 0; t < n; t++) {
            members[t] = t;
        }
        for (int s = 0; s <= 8; s++) {
            offsets[s] = (long) s * perSlide;
        }
        return new ClusterTree(List.of(new TreeLevel(offsets, members, null, 0)), n);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
