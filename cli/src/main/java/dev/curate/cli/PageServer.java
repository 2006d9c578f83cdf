package dev.curate.cli;

import dev.curate.engine.demo.DemoTiles;
import dev.curate.engine.io.TileTable;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
import dev.curate.verticles.progress.ProgressPublisherVerticle;
import dev.curate.verticles.viz.LiveRunEvents;
import dev.curate.verticles.viz.VizData;
import dev.curate.verticles.viz.VizDataVerticle;
import dev.curate.web.WebVizVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * The page's runtime in this JVM: Vert.x with the progress publisher, the page-data worker
 * and the web verticle, bridged with the outbound and request allow-lists below. Used by
 * {@code curate serve} and {@code curate demo --serve}.
 */
final class PageServer implements AutoCloseable {

    /** Published addresses forwarded to the page; nothing else leaves the bus. */
    static final List<String> OUTBOUND = List.of(Addresses.KMEANS_PROGRESS, Addresses.TREE_LEVEL,
            Addresses.SAMPLE_RESULT, Addresses.MAP_READY, Addresses.BATCH_STATS,
            Addresses.TRAIN_PROGRESS, Addresses.NODE_STATUS);

    /** Request addresses the page may call; all are read-only. */
    static final List<String> REQUESTS = List.of(Addresses.MAP_INFO, Addresses.MAP_CHUNK,
            Addresses.TILE_INFO, Addresses.TREE_SUMMARY, Addresses.METADATA_STATS,
            Addresses.RUN_STATUS);

    private static final long START_TIMEOUT_MS = 30_000;

    private final Vertx vertx;
    private final VizDataVerticle viz;
    private final String host;
    private final int port;
    private final boolean ownsVertx;

    /** Returns the Vert.x the page's bridge listens on; publishing here reaches the page. */
    Vertx vertx() {
        return vertx;
    }

    private PageServer(Vertx vertx, VizDataVerticle viz, String host, int port,
            boolean ownsVertx) {
        this.vertx = vertx;
        this.viz = viz;
        this.host = host;
        this.port = port;
        this.ownsVertx = ownsVertx;
    }

    /**
     * Starts the runtime and serves the page.
     *
     * @param host the address to bind, 127.0.0.1 unless the page must be reachable elsewhere
     * @param port the port, 0 for any free one
     * @return the running server
     */
    static PageServer start(String host, int port) {
        Vertx vertx = Vertx.vertx();
        try {
            BusCalls.await(vertx.deployVerticle(new ProgressPublisherVerticle()),
                    START_TIMEOUT_MS, "starting the page's progress publisher");
            return deploy(vertx, host, port, true);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * Serves the page from a Vert.x that already runs the progress publisher, such as the
     * coordinator's clustered one in {@code curate launch}: the page then shows every node's
     * {@code curate.node.status}. Closing the server leaves that Vert.x running.
     *
     * @param vertx the running Vert.x
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @return the running server
     */
    static PageServer attach(Vertx vertx, String host, int port) {
        return deploy(vertx, host, port, false);
    }

    private static PageServer deploy(Vertx vertx, String host, int port, boolean ownsVertx) {
        VizDataVerticle viz = new VizDataVerticle();
        WebVizVerticle web = new WebVizVerticle();
        JsonObject cfg = new JsonObject().put("host", host).put("port", port)
                .put("outbound", new JsonArray(OUTBOUND))
                .put("requests", new JsonArray(REQUESTS))
                .put("thumbnails", Addresses.TILE_THUMBNAIL);
        BusCalls.await(vertx.deployVerticle(viz, VizDataVerticle.deploymentOptions())
                .compose(id -> vertx.deployVerticle(web,
                        new DeploymentOptions().setConfig(cfg))),
                START_TIMEOUT_MS, "starting the page server on " + host + ":" + port);
        return new PageServer(vertx, viz, host, web.port(), ownsVertx);
    }

    /** Returns the port the page is served on. */
    int port() {
        return port;
    }

    /** Returns the page's address. */
    String url() {
        return "http://" + host + ":" + port + "/";
    }

    /** Returns a publisher of run events for the page. */
    LiveRunEvents runEvents(String runId) {
        return new LiveRunEvents(vertx.eventBus(), runId);
    }

    /** Serves {@code data} from now on; open pages reload the map. */
    void publish(VizData data) {
        viz.publish(data);
    }

    /**
     * Returns the demo image's renderer when the table is the demo's (same slides and tile
     * count), otherwise null: other pools have no tile source here.
     */
    static IntFunction<byte[]> demoThumbnails(TileTable table) {
        // LIMIT: thumbnails exist only for the demo's own tiles when the pool is not the demo
        // (no reader of whole-slide images here); the page then shows points without images.
        DemoTiles tiles = DemoTiles.load();
        boolean demo = table.slideIds().equals(tiles.slideIds())
                && table.tileCount() == tiles.tileCount();
        return demo ? tiles::renderPng : null;
    }

    /**
     * Publishes recorded bus messages, one JSON object {@code {address, body}} per line, one
     * every {@code intervalMs}, on a timer (the caller does not wait).
     *
     * @param file the recording
     * @param intervalMs pause between two messages
     * @throws IllegalArgumentException if a line is not such an object or names an address
     *     outside {@link #OUTBOUND}
     */
    void replay(Path file, long intervalMs) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay file " + file, e);
        }
        List<JsonObject> messages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonObject m;
            try {
                m = new JsonObject(lines.get(i));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not JSON: "
                        + e.getMessage(), e);
            }
            if (!OUTBOUND.contains(m.getString("address"))) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": address '"
                        + m.getString("address") + "' is not one the page shows; expected one"
                        + " of " + OUTBOUND);
            }
            messages.add(m);
        }
        int[] next = {0};
        vertx.setPeriodic(intervalMs, id -> {
            if (next[0] >= messages.size()) {
                vertx.cancelTimer(id);
                return;
            }
            JsonObject m = messages.get(next[0]++);
            vertx.eventBus().publish(m.getString("address"), m.getValue("body"));
        });
    }

    /** Prints where the page is and blocks until the JVM is stopped (Ctrl-C). */
    void serveUntilStopped(PrintWriter out) {
        out.printf("serving the page on %s until Ctrl-C%n", url());
        out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "page-server-stop"));
        try {
            forever.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (ownsVertx) {
            BusCalls.await(vertx.close(), START_TIMEOUT_MS, "stopping the page server");
        }
    }
}
