package dev.curate.cli;

import dev.curate.engine.accel.AssignBackend;
import dev.curate.engine.accel.BackendSelection;
import dev.curate.engine.accel.Backends;
import dev.curate.engine.config.CurationConfig;
import dev.curate.engine.config.LevelLists;
import dev.curate.engine.kmeans.HierarchicalKMeans;
import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.LevelStep;
import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code curate cluster}: builds the hierarchical k-means tree over a store's embeddings. */
@Command(name = "cluster", aliases = "kmeans", mixinStandardHelpOptions = true,
        description = "Build the hierarchical k-means tree with resampling (Vo et al. 2024) "
                + "over the store's embeddings, and keep it in the store.",
        footer = {"", "Per-level lists are comma separated, finest level first, e.g. "
                + "--clusters 1000,300 --resampling-steps 10,10 --sample-sizes 15,2."})
final class ClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Settings settings;

    @Option(names = "--strategy", paramLabel = "c|r",
            description = "Resampling strategy: c closest to the centroid, r random "
                    + "(default: the config's, else c).")
    String strategy;

    @Option(names = "--seed", description = "Random seed; negative values allowed "
            + "(default: the config's, else 0).")
    Long seed;

    @Option(names = "--init", paramLabel = "kmeans++|random|kmeans||",
            description = "k-means initialisation (default: the config's, else kmeans++).")
    String init;

    @Option(names = "--backend", paramLabel = "auto|opencl|cpu-fast|java",
            description = "Assign-step backend (default: the config's, else auto).")
    String backend;

    @Option(names = "--require-gpu",
            description = "Fail instead of falling back when no OpenCL GPU can run the kernel.")
    boolean requireGpu;

    /** Either a YAML config or per-level lists. */
    static final class Settings {

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "YAML config with the published keys (see configs/).")
        Path config;

        @ArgGroup(exclusive = false)
        Lists lists;
    }

    /** Per-level settings given as comma lists. */
    static final class Lists {

        @Option(names = "--levels", description = "Number of levels (default: the length "
                + "of --clusters).")
        Integer levels;

        @Option(names = "--clusters", split = ",", required = true, paramLabel = "K1,K2,...",
                description = "Clusters per level.")
        List<Integer> clusters;

        @Option(names = "--resampling-steps", split = ",", paramLabel = "M1,M2,...",
                description = "k-means runs per level (default: 1 each).")
        List<Integer> resamplingSteps;

        @Option(names = "--sample-sizes", split = ",", paramLabel = "R1,R2,...",
                description = "Points per cluster in each resampling step.")
        List<Integer> sampleSizes;

        @Option(names = "--splits", split = ",", paramLabel = "S1,S2,...",
                description = "Sub-clusters per cluster after a level (default: 1 each).")
        List<Integer> splits;

        @Option(names = "--iters", defaultValue = "50",
                description = "Lloyd iterations per k-means run (default: ${DEFAULT-VALUE}).")
        int iters;
    }

    @Override
    public Integer call() {
        Run run = resolve();
        PrintWriter out = spec.commandLine().getOut();
        run.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        try (TileStore store = storeOptions.openExisting()) {
            ClusterTree tree = cluster(store, run, out);
            out.printf("tree with %d levels over %,d tiles stored in %s%n",
                    tree.depth(), tree.tileCount(), storeOptions.store);
        }
        return 0;
    }

    /**
     * Builds the tree with a progress display and keeps it, with the run facts, in the store;
     * the backend and per-level lines go to {@code out}.
     */
    static ClusterTree cluster(TileStore store, Run run, PrintWriter out) {
        return cluster(store, run, out, HierarchyListener.NONE);
    }

    /** As {@link #cluster(TileStore, Run, PrintWriter)}, also telling {@code watcher}. */
    static ClusterTree cluster(TileStore store, Run run, PrintWriter out,
            HierarchyListener watcher) {
        if (!store.hasEmbeddings()) {
            throw new IllegalArgumentException("store " + store.directory()
                    + " holds no embeddings: run curate ingest first");
        }
        BackendSelection selection = Backends.select(run.backend(), run.requireGpu());
        try (AssignBackend backend = selection.backend()) {
            out.printf("backend %s: %s%n", selection.name(), selection.reason());
            long[] kept = store.keptTileIndices();
            ClusterProgress progress = new ClusterProgress(out);
            ClusterCheckpoint checkpoint = new ClusterCheckpoint(store,
                    ClusterCheckpoint.fingerprint(store, run.params(), kept),
                    new ListenerPair(progress, watcher));
            List<TreeLevel> finished = checkpoint.finishedLevels();
            LevelStep step = checkpoint.lastStep(finished.size()).orElse(null);
            if (checkpoint.startAndReportEarlyStop(step != null || !finished.isEmpty())) {
                out.printf("an earlier run of these settings stopped before its first "
                        + "checkpoint (in the initialisation of level 1, which is not "
                        + "checkpointed); starting again%n");
            }
            if (finished.size() == run.params().depth()) {
                out.printf("all %d levels were finished by an earlier run%n",
                        finished.size());
            } else if (step != null) {
                out.printf("resuming an interrupted run at %s (of %d levels)%n", step,
                        run.params().depth());
            } else if (!finished.isEmpty()) {
                out.printf("resuming at level %d of %d%n", finished.size() + 1,
                        run.params().depth());
            }
            ClusterTree tree;
            try (progress) {
                tree = HierarchicalKMeans.build(store.vectors(), kept, run.params(), finished,
                        step, backend, checkpoint);
            }
            store.putTree(tree);
            store.putRunState("cluster.backend", selection.name() + ": " + selection.reason());
            store.putRunState("cluster.backend.fallback", Boolean.toString(selection.fallback()));
            store.putRunState("cluster.params", run.params().toString());
            store.putRunState("cluster.levels", progress.levelLines());
            checkpoint.clear();
            return tree;
        }
    }

    /** Resolves the options and config into a run, without touching the store. */
    Run resolve() {
        LevelLists.Result base;
        String configBackend = "auto";
        if (settings.config != null) {
            CurationConfig config = CurationConfig.load(settings.config);
            base = new LevelLists.Result(config.hierarchy(), config.warnings());
            configBackend = config.backend();
        } else {
            Lists l = settings.lists;
            base = CurationConfig.fromLists(l.levels, l.clusters, l.resamplingSteps,
                    l.sampleSizes, l.splits, l.iters, SamplingStrategy.CLOSEST,
                    CurationConfig.parseInit("kmeans++"), 0L);
        }
        HierarchyParams p = base.params();
        HierarchyParams params = new HierarchyParams(p.levels(),
                strategy == null ? p.strategy() : SamplingStrategy.parse(strategy),
                init == null ? p.init() : CurationConfig.parseInit(init),
                seed == null ? p.seed() : seed);
        return new Run(params, backend == null ? configBackend : backend, requireGpu,
                base.warnings());
    }

    /**
     * A resolved clustering run.
     *
     * @param params the hierarchy
     * @param backend the backend choice
     * @param requireGpu whether a fallback is an error
     * @param warnings messages about ignored settings
     */
    record Run(HierarchyParams params, String backend, boolean requireGpu,
            List<String> warnings) {
    }
}
