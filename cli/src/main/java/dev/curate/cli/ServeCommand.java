package dev.curate.cli;

import dev.curate.engine.io.GroupStatsReader;
import dev.curate.engine.store.TileStore;
import dev.curate.verticles.viz.VizData;
import dev.curate.verticles.viz.VizData.MapProjection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code curate serve}: the live page over a clustered store (a PCA map of its tiles, the
 * tree, thumbnails for demo tiles) or over a synthetic map for load tests, until Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the live page (map, tree, run status, metadata sample, batches)"
                + " on 127.0.0.1 until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PageOptions page;

    @Option(names = "--store", paramLabel = "DIR",
            description = "Store to show (its tiles, tree and slide metadata).")
    Path store;

    @Option(names = "--synthetic-points", paramLabel = "N",
            description = "Show a synthetic map of N points instead of a store (load tests).")
    Integer syntheticPoints;

    @Option(names = "--synthetic-blobs", defaultValue = "20", paramLabel = "K",
            description = "Blobs of the synthetic map (default: ${DEFAULT-VALUE}).")
    int syntheticBlobs;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the synthetic map (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if ((store == null) == (syntheticPoints == null)) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --store DIR"
                    + " and --synthetic-points N");
        }
        MapProjection projection = page.mapProjection();
        if (store == null && !"pca".equals(projection.name())) {
            throw new ParameterException(spec.commandLine(), "--projection " + projection.name()
                    + " needs --store: a synthetic map is drawn in 2-D already");
        }
        VizData data = store != null ? fromStore(store, projection)
                : VizData.synthetic(syntheticPoints, syntheticBlobs, seed);
        if (page.metadataStats != null) {
            data = data.withGroups(GroupStatsReader.read(page.metadataStats));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (PageServer server = PageServer.start(page.host, page.port)) {
            server.publish(data);
            if (page.replay != null) {
                server.replay(page.replay, page.replayIntervalMs);
            }
            out.printf("%s map of %,d points%n", data.source(), data.points());
            server.serveUntilStopped(out);
        }
        return 0;
    }

    /** Reads everything the page needs, then closes the store: no LMDB while serving. */
    private static VizData fromStore(Path dir, MapProjection projection) {
        try (TileStore s = TileStore.open(dir)) {
            if (!s.hasEmbeddings()) {
                throw new IllegalArgumentException("store " + dir + " holds no embeddings:"
                        + " run curate ingest first");
            }
            return VizData.ofStore(s.vectors(), s.tileTable(), s.tree().orElse(null),
                    s::slideMetadata, PageServer.demoThumbnails(s.tileTable()), projection);
        }
    }
}
