package dev.curate.cli;

import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.TreeCsvImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curate import-tree}: reads a per-tile tree CSV (the published pathology trees' format)
 * into a store that then has a tree and a tile table but no embeddings.
 */
@Command(name = "import-tree", mixinStandardHelpOptions = true,
        description = "Import a per-tile tree CSV (slide_id,[tile_idx,]tile_x,tile_y,"
                + "level_1..level_L) into a store, without embeddings.")
final class ImportTreeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--csv", required = true, paramLabel = "FILE",
            description = "The per-tile tree CSV.")
    Path csv;

    @Override
    public Integer call() {
        TreeCsvImporter.Imported imported = TreeCsvImporter.read(csv);
        try (TileStore store = storeOptions.open()) {
            if (store.hasEmbeddings() || store.tree().isPresent()) {
                throw new IllegalArgumentException("store " + storeOptions.store
                        + " already holds embeddings or a tree; import into a new folder");
            }
            store.putTileTable(imported.tiles());
            store.putTree(imported.tree());
        }
        PrintWriter out = spec.commandLine().getOut();
        for (TreeCsvImporter.LevelLabels labels : imported.report().levels()) {
            if (labels.relabelled()) {
                out.printf("level %d: labels were not 0..k-1; renumbered %d clusters "
                        + "in order of first appearance%n", labels.level(),
                        labels.originalLabels().length);
            }
        }
        out.printf("imported %,d tiles, %d levels into %s%n",
                imported.tree().tileCount(), imported.tree().depth(), storeOptions.store);
        return 0;
    }
}
