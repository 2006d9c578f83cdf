package dev.curate.cli;

import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeExporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code curate export}: writes a store's tree as .npy levels and a per-tile CSV. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the tree of a store to OUT/level{l}/*.npy and OUT/tiles.csv.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder; must be empty or missing unless --replace.")
    Path out;

    @Option(names = "--replace",
            description = "Replace a non-empty output folder once the new export is complete.")
    boolean replace;

    @Override
    public Integer call() {
        try (TileStore store = storeOptions.openExisting()) {
            ClusterTree tree = store.tree().orElseThrow(() -> new IllegalArgumentException(
                    "store " + storeOptions.store + " has no tree: run curate cluster "
                            + "or curate import-tree first"));
            TreeExporter.export(tree, store.tileTable(), out, replace);
            spec.commandLine().getOut().printf("exported %d levels over %,d tiles to %s%n",
                    tree.depth(), tree.tileCount(), out);
        }
        return 0;
    }
}
