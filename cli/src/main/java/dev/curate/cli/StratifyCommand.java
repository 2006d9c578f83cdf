package dev.curate.cli;

import dev.curate.engine.stratify.BatchStats;
import dev.curate.engine.stratify.BatchStratifier;
import dev.curate.engine.stratify.EpochReport;
import dev.curate.engine.stratify.MetadataStrataReader;
import dev.curate.engine.stratify.ScheduleRun;
import dev.curate.engine.stratify.StoreStrata;
import dev.curate.engine.stratify.StrataPool;
import dev.curate.engine.stratify.StratifyListener;
import dev.curate.engine.stratify.StratifyParams;
import dev.curate.engine.stratify.TreeStrataReader;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code curate stratify}: writes cluster-stratified batch schedules, one CSV per epoch. */
@Command(name = "stratify", mixinStandardHelpOptions = true,
        description = {"Write stratified batch schedules OUT/schedule_000.csv ... (slide_id,ind)"
                + " with schedule_list.csv, per-epoch reports and a checkpoint; a rerun with a "
                + "larger --epochs resumes.",
            "Strata: the clusters of one level of --store's tree or of --tree, or the values "
                + "of the metadata column --by."})
final class StratifyCommand implements Callable<Integer> {

    /** Extra listener for tests in this package (a child JVM halts at a chosen point). */
    static volatile StratifyListener extraListener = StratifyListener.NONE;

    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR", description = "A curate store with a tree.")
    Path store;

    @Option(names = "--tree", paramLabel = "T.csv",
            description = "Per-tile tree CSV slide_id,[tile_x,tile_y,]level_1..level_L "
                    + "(.csv or .csv.gz).")
    Path tree;

    @Option(names = "--metadata", paramLabel = "A.csv", split = ",",
            description = "Slide metadata CSVs (slide_id, num_tiles, the --by column).")
    List<Path> metadata;

    @Option(names = "--by", paramLabel = "COL", description = "Metadata column of the strata.")
    String by;

    @Option(names = "--level", paramLabel = "H",
            description = "Tree level whose clusters are the strata (default: the top).")
    Integer level;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "2048",
            description = "Tiles per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--epoch-size", paramLabel = "N", defaultValue = "350000",
            description = "Tiles per pseudo-epoch (default: ${DEFAULT-VALUE}).")
    int epochSize;

    @Option(names = "--max-open-slides", paramLabel = "S", defaultValue = "800",
            description = "Most slides one epoch may open (default: ${DEFAULT-VALUE}).")
    int maxOpenSlides;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "1",
            description = "Number of epochs; a rerun with more resumes (default: "
                    + "${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--strict-cap",
            description = "Fail when a stratum has no tile on an open slide once the cap is "
                    + "reached, instead of drawing it from the whole stratum (reported).")
    boolean strictCap;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder: missing, empty, or from an earlier run to resume.")
    Path out;

    @Override
    public Integer call() {
        StratifyParams params = new StratifyParams(batchSize, epochSize, maxOpenSlides, seed,
                strictCap);
        Map<String, String> settings = settings(params);
        int finished = ScheduleRun.check(out, settings, epochs);
        long t0 = System.nanoTime();
        StrataPool pool = loadPool();
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        settings.put("tiles", Long.toString(pool.tileCount()));
        settings.put("slides", Integer.toString(pool.slideCount()));
        settings.put("strata", Integer.toString(pool.strataCount()));
        ScheduleRun.check(out, settings, epochs);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("pool: %,d tiles on %,d slides in %d strata (%,d runs), loaded in %.1f s%n",
                pool.tileCount(), pool.slideCount(), pool.strataCount(), pool.runCount(),
                loadSeconds);
        BatchStratifier stratifier = new BatchStratifier(pool, params);
        long todo = (long) (epochs - finished) * params.batchesPerEpoch();
        try (ProgressBar bar = ProgressBars.start("stratify", todo, "batches")) {
            StratifyListener listener = new Listener(bar, stdout, extraListener);
            ScheduleRun.run(stratifier, out, settings, epochs, listener);
        }
        return 0;
    }

    /** The settings a rerun must repeat, by option name (all but --epochs). */
    private Map<String, String> settings(StratifyParams params) {
        int sources = (store != null ? 1 : 0) + (tree != null ? 1 : 0)
                + (metadata != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException("give exactly one of --store, --tree and "
                    + "--metadata (found " + sources + ")");
        }
        if ((metadata != null) != (by != null)) {
            throw new IllegalArgumentException(metadata != null
                    ? "--metadata needs --by COL, the column of the strata"
                    : "--by is only for --metadata");
        }
        if (metadata != null && level != null) {
            throw new IllegalArgumentException("--level is for --store or --tree, not "
                    + "--metadata");
        }
        Map<String, String> s = new LinkedHashMap<>();
        if (store != null) {
            s.put("--store", store.toAbsolutePath().normalize().toString());
        } else if (tree != null) {
            s.put("--tree", tree.toAbsolutePath().normalize().toString());
        } else {
            s.put("--metadata", metadata.stream()
                    .map(p -> p.toAbsolutePath().normalize().toString()).toList().toString());
            s.put("--by", by);
        }
        s.put("--level", level == null ? "top" : level.toString());
        s.put("--batch-size", Integer.toString(params.batchSize()));
        s.put("--epoch-size", Integer.toString(params.epochSize()));
        s.put("--max-open-slides", Integer.toString(params.maxOpenSlides()));
        s.put("--seed", Long.toString(params.seed()));
        s.put("--strict-cap", Boolean.toString(params.strictCap()));
        return s;
    }

    private StrataPool loadPool() {
        if (tree != null) {
            requireFile(tree, "--tree");
            return TreeStrataReader.read(tree, level).pool();
        }
        if (metadata != null) {
            metadata.forEach(p -> requireFile(p, "--metadata"));
            MetadataStrataReader.Result r = MetadataStrataReader.read(metadata, by);
            if (r.slidesWithoutValue() > 0) {
                spec.commandLine().getErr().printf("warning: %d slides (%,d tiles) have an "
                        + "empty %s and are left out%n", r.slidesWithoutValue(),
                        r.tilesWithoutValue(), by);
            }
            return r.pool();
        }
        if (!Files.isDirectory(store)) {
            throw new IllegalArgumentException("--store " + store + " is not a folder");
        }
        try (TileStore s = TileStore.open(store)) {
            ClusterTree t = s.tree().orElseThrow(() -> new IllegalArgumentException("store "
                    + store + " has no tree: run curate cluster or curate import-tree first"));
            return StoreStrata.of(t, s.tileTable(), level);
        }
    }

    private static void requireFile(Path p, String option) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + " " + p + " is not a file");
        }
    }

    /** Steps the bar per batch and prints one line per epoch, with its time. */
    private static final class Listener implements StratifyListener {

        private final ProgressBar bar;
        private final PrintWriter out;
        private final StratifyListener extra;
        private long epochStartNanos = System.nanoTime();

        Listener(ProgressBar bar, PrintWriter out, StratifyListener extra) {
            this.bar = bar;
            this.out = out;
            this.extra = extra;
        }

        @Override
        public void onStart(int finishedEpochs, int totalEpochs, StrataPool pool) {
            if (finishedEpochs > 0) {
                out.printf("resuming after %d finished epochs (use-counts rebuilt from their "
                        + "schedules)%n", finishedEpochs);
            }
            epochStartNanos = System.nanoTime();
        }

        @Override
        public void onBatch(int epoch, int batchIndex, BatchStats stats) {
            bar.step();
            extra.onBatch(epoch, batchIndex, stats);
        }

        @Override
        public void onEpochWritten(int epoch, EpochReport r) {
            extra.onEpochWritten(epoch, r);
        }

        @Override
        public void onEpochCheckpointed(int epoch, EpochReport r) {
            long now = System.nanoTime();
            out.printf("epoch %d: %,d tiles, %d batches, %d slides opened, %d repeats in a "
                    + "batch, %d strata smaller than quota, %d fallback draws over %d slides "
                    + "beyond the cap, %.3f s%n", epoch, r.tiles(), r.batches(),
                    r.slidesOpened(), r.repeats(), r.strataSmallerThanQuota(),
                    r.fallbackDrawsTotal(), r.fallbackSlides(), (now - epochStartNanos) / 1e9);
            epochStartNanos = now;
            out.flush();
            extra.onEpochCheckpointed(epoch, r);
        }
    }
}
