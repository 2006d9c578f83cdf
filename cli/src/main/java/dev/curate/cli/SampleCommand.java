package dev.curate.cli;

import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.CuratedSubsetWriter;
import dev.curate.engine.tree.HierarchicalSampler;
import dev.curate.engine.tree.SizeSummary;
import dev.curate.engine.tree.SubsetSpread;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code curate sample}: draws a balanced curated subset from a store's tree. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw a balanced curated subset top-down from the tree (SPEC 4.5); "
                + "writes indices.npy, curated.csv and stats.csv.")
final class SampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--target", required = true, paramLabel = "N",
            description = "Number of entries wanted (fewer only when the tree holds fewer "
                    + "than N x multiplier tiles).")
    long target;

    @Option(names = "--multiplier", defaultValue = "1", paramLabel = "M",
            description = "How many times a tile may appear, an integer >= 1 "
                    + "(default: ${DEFAULT-VALUE}).")
    int multiplier;

    @Option(names = "--strategy", defaultValue = "r", paramLabel = "c|r",
            description = "Extra members of a level-1 cluster: c closest to the centroid, "
                    + "r random (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: 0).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() {
        HierarchicalSampler.Request request = new HierarchicalSampler.Request(
                target, multiplier, SamplingStrategy.parse(strategy), seed);
        try (TileStore store = storeOptions.openExisting()) {
            ClusterTree tree = store.tree().orElseThrow(() -> new IllegalArgumentException(
                    "store " + storeOptions.store + " has no tree: run curate cluster "
                            + "or curate import-tree first"));
            HierarchicalSampler.Result subset = HierarchicalSampler.sample(tree, request);
            CuratedSubsetWriter.write(subset, store.tileTable(), out);
            printSummary(tree, subset);
        }
        return 0;
    }

    private void printSummary(ClusterTree tree, HierarchicalSampler.Result subset) {
        int top = tree.depth();
        long[] counts = SubsetSpread.countsPerCluster(tree, top, subset.indices());
        SizeSummary s = SizeSummary.of(counts);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("sampled %,d entries (%,d repeats) into %s%n",
                subset.indices().length, subset.duplicates(), out);
        if (subset.indices().length < target) {
            stdout.printf("fewer than the %,d asked: %,d tiles x --multiplier %d is all the "
                    + "tree can give%n", target, tree.level(1).members().length, multiplier);
        }
        stdout.printf("over the %d top clusters: min %d, median %d, max %d, cv %.2f%n",
                s.count(), s.min(), s.median(), s.max(), s.cv());
    }
}
