package dev.curate.cli;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.train.DinoTrainer;
import dev.curate.engine.train.TrainRuntime;
import dev.curate.engine.train.data.TileImageSource;
import dev.curate.engine.train.data.TileRef;
import dev.curate.engine.train.eval.KnnProbe;
import dev.curate.engine.train.eval.TileEmbedder;
import dev.curate.engine.train.eval.TileEmbeddings;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.SubsetSpread;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curate embed}: embeds a store's tiles with the teacher of a training checkpoint into
 * {@code .npy}, so the model's own embeddings can be ingested and curated again; optionally a
 * kNN probe against the tree's top clusters.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Embed the store's tiles with a checkpoint's teacher: OUT/embeddings.npy "
                + "(float32) and OUT/tile_indices.npy (int64, the tile of each row).")
final class EmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    TileImageOptions imageOptions;

    @Option(names = "--checkpoints", required = true, paramLabel = "DIR",
            description = "Checkpoint folder of a curate train run (its LATEST is used).")
    Path checkpoints;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--batch-size", defaultValue = "64",
            description = "Tiles per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--probe", defaultValue = "0", paramLabel = "N",
            description = "Also run a 10-NN probe on N random embedded tiles, labelled by the "
                    + "store tree's top clusters (a sanity check; default: off).")
    int probe;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (default: half the cores).")
    Integer threads;

    @Override
    public Integer call() {
        TrainRuntime.prepare(threads == null ? TrainRuntime.defaultThreads() : threads);
        PrintWriter stdout = spec.commandLine().getOut();
        try (TileStore store = storeOptions.openExisting();
                TileImageSource images = imageOptions.open();
                DinoTrainer trainer = DinoTrainer.resume(checkpoints)) {
            TileEmbeddings e = embedAll(trainer, store.tileTable(), images, batchSize, out);
            stdout.printf("embedded %,d tiles x %d with the teacher of step %d into %s "
                    + "(%,d missing)%n", e.rows(), e.dim(), trainer.step(), out, e.missing());
            if (probe > 0) {
                ClusterTree tree = store.tree().orElseThrow(() -> new IllegalArgumentException(
                        "--probe needs the store's tree for labels; the store has none"));
                stdout.println(describe(probe(e, tree, probe, 0)));
            }
        }
        return 0;
    }

    /** Embeds every tile of the table and writes the two files. */
    static TileEmbeddings embedAll(DinoTrainer trainer, TileTable table, TileImageSource images,
            int batchSize, Path out) {
        List<TileRef> refs = new ArrayList<>(table.tileCount());
        for (int t = 0; t < table.tileCount(); t++) {
            int x = table.hasCoordinates() ? table.tileX()[t] : -1;
            int y = table.hasCoordinates() ? table.tileY()[t] : -1;
            refs.add(new TileRef(table.slideOf(t), t, x, y));
        }
        // LIMIT: all embeddings are held in memory (rows x width floats) when a store has
        // tens of millions of tiles this exceeds the heap; raise -Xmx or embed a subset.
        TileEmbeddings e = new TileEmbedder(trainer, batchSize).embed(refs, images);
        TileEmbedder.write(e, out);
        return e;
    }

    /** Runs a 10-NN probe on {@code n} random rows labelled by their top cluster. */
    static KnnProbe.Report probe(TileEmbeddings e, ClusterTree tree, int n, long seed) {
        long[] top = SubsetSpread.clusterOfTile(tree, tree.depth());
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < e.rows(); r++) {
            if (top[(int) e.tileIndices()[r]] >= 0) {
                rows.add(r);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        int m = Math.min(n, rows.size());
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(rows.size() - i);
            rows.set(i, rows.set(j, rows.get(i)));
        }
        float[] features = new float[m * e.dim()];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            int r = rows.get(i);
            System.arraycopy(e.features(), r * e.dim(), features, i * e.dim(), e.dim());
            labels[i] = (int) top[(int) e.tileIndices()[r]];
        }
        return KnnProbe.evaluate(features, e.dim(), labels, 10);
    }

    static String describe(KnnProbe.Report r) {
        return String.format("kNN probe (sanity check only: labels are the tree's top "
                + "clusters): %d-NN accuracy %.3f on %,d tiles, most common label %.3f",
                r.k(), r.accuracy(), r.rows(), r.majorityShare());
    }
}
