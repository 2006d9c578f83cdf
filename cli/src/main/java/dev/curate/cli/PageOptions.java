package dev.curate.cli;

import dev.curate.engine.projection.UmapProjection;
import dev.curate.verticles.viz.VizData.MapProjection;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and what the live page serves; shared by {@code serve} and {@code demo --serve}. */
final class PageOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address the page binds (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080",
            description = "Port of the page, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metadata-stats", paramLabel = "FILE",
            description = "stats.csv of a metadata-balanced sample, drawn as sampled vs full.")
    Path metadataStats;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Publish recorded bus messages ({address, body} per line) to the page,"
                    + " for example a trainer's batch and loss log.")
    Path replay;

    @Option(names = "--replay-interval-ms", defaultValue = "200",
            description = "Pause between replayed messages (default: ${DEFAULT-VALUE}).")
    long replayIntervalMs;

    @Option(names = "--projection", defaultValue = "pca", paramLabel = "pca|umap",
            description = "Map of the tiles: pca (any size) or umap (Tag.bio's umap-java, at "
                    + "most --umap-max-points tiles; default: ${DEFAULT-VALUE}).")
    String projection;

    @Option(names = "--umap-max-points", defaultValue = "" + UmapProjection.DEFAULT_MAX_POINTS,
            paramLabel = "N", description = "Most tiles a UMAP map takes (default: "
                    + "${DEFAULT-VALUE}).")
    int umapMaxPoints;

    @Option(names = "--umap-seed", defaultValue = "0",
            description = "Seed of the UMAP layout (default: ${DEFAULT-VALUE}).")
    long umapSeed;

    /** Returns the chosen projection; an unknown name fails naming it. */
    MapProjection mapProjection() {
        return new MapProjection(projection, umapMaxPoints, umapSeed);
    }
}
