package dev.curate.cli;

import dev.curate.engine.store.Ingest;
import dev.curate.engine.store.IngestListener;
import dev.curate.engine.store.IngestOptions;
import dev.curate.engine.store.IngestReport;
import dev.curate.engine.store.TileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code curate ingest}: stores .npy embeddings (and a tile table) in an LMDB store. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingest .npy embeddings (several parts form one pool, in order) and an "
                + "optional tile table into the store. Resumes an interrupted ingest.")
final class IngestCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--embeddings", required = true, split = ",", paramLabel = "A.npy,B.npy",
            description = "Embedding parts, N x d float16/32/64, in row order.")
    List<Path> embeddings;

    @Option(names = "--tiles", paramLabel = "T.csv",
            description = "Tile table: slide_id,num_tiles, or slide_id,start_index,end_index, "
                    + "or one slide_id,tile_x,tile_y row per embedding row.")
    Path tiles;

    @Option(names = "--skip-nonfinite",
            description = "Leave out rows holding NaN or Inf (they keep no tile id) instead "
                    + "of refusing the input.")
    boolean skipNonFinite;

    @Option(names = "--float16",
            description = "Store vectors as float16 (values beyond +-65504 are refused).")
    boolean float16;

    @Override
    public Integer call() {
        IngestOptions options = IngestOptions.defaults()
                .withSkipNonFinite(skipNonFinite)
                .withStoreAsFloat16(float16);
        if (tiles != null) {
            options = options.withTileTable(tiles);
        }
        requireFiles();
        boolean fresh = !Files.exists(storeOptions.store.resolve("data.mdb"));
        try {
            try (TileStore store = storeOptions.open(); Bars bars = new Bars()) {
                IngestReport report = Ingest.run(store, embeddings, options, bars);
                bars.close();
                spec.commandLine().getOut().println(report.summary());
            }
        } catch (IllegalArgumentException e) {
            // refused input is found before anything is written; other failures (map full,
            // interruption) may leave committed rows that a re-run resumes from, so they stay
            if (fresh) {
                removeEmptyStore();
            }
            throw e;
        }
        return 0;
    }

    /** Refuses missing input files before a store is opened or created. */
    private void requireFiles() {
        for (Path part : embeddings) {
            if (!Files.isRegularFile(part)) {
                throw new IllegalArgumentException("--embeddings part " + part
                        + ": no such file; expected a .npy file");
            }
        }
        if (tiles != null && !Files.isRegularFile(tiles)) {
            throw new IllegalArgumentException("--tiles " + tiles
                    + ": no such file; expected a tile table CSV");
        }
    }

    /**
     * Removes the store files a refused first ingest created: input is refused before anything
     * is committed, so a refused run leaves no empty store behind.
     */
    private void removeEmptyStore() {
        Path dir = storeOptions.store;
        try {
            Files.deleteIfExists(dir.resolve("data.mdb"));
            Files.deleteIfExists(dir.resolve("lock.mdb"));
            try (Stream<Path> left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not remove the empty store {} after the refused ingest: {}", dir,
                    e.toString());
        }
    }

    /** One progress bar per ingest pass. */
    private static final class Bars implements IngestListener, AutoCloseable {

        private IngestListener.Stage stage;
        private ProgressBar bar;

        @Override
        public void onProgress(Stage now, long rowsDone, long rowsTotal) {
            if (now != stage) {
                close();
                stage = now;
                String task = now == Stage.VALIDATE ? "checking rows" : "writing rows";
                bar = ProgressBars.start(task, rowsTotal, "rows");
            }
            bar.stepTo(rowsDone);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
