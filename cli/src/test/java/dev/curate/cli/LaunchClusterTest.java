package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.HierarchicalSampler;
import dev.curate.engine.tree.TreeLevel;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Hazelcast cluster of three {@code curate node} processes and a {@code curate launch}
 * process on loopback: the tree equals the one-JVM {@code curate cluster} tree, a killed node
 * stops the run naming the node and the level, and {@code --resume} finishes it with the same
 * tree; nodes that cannot join exit 1.
 */
class LaunchClusterTest {

    static final String[] LEVELS = {"--clusters", "20,4", "--resampling-steps", "3,1",
        "--sample-sizes", "30,5", "--iters", "30", "--seed", "5", "--backend", "java"};

    @TempDir
    static Path dir;

    static Path store;
    static Path poolNpy;
    static Path tilesCsv;
    static ClusterTree expected;

    final List<ChildCurate> children = new ArrayList<>();
    final List<Integer> ports = IntStream.range(0, 4).mapToObj(i -> ChildCurate.freePort())
            .toList();
    final String members = ports.stream().map(p -> "127.0.0.1:" + p)
            .collect(Collectors.joining(","));

    @BeforeAll
    static void pool() throws IOException {
        Path pool = CliFixtures.writeBlobs(dir.resolve("pool.npy"), 12, 500, 3);
        Path tiles = CliFixtures.writeTileCsv(dir.resolve("tiles.csv"), 6000);
        poolNpy = pool;
        tilesCsv = tiles;
        store = dir.resolve("store");
        CliRun ingest = CliRun.of("ingest", "--store", store.toString(), "--map-size", "256m",
                "--embeddings", pool.toString(), "--tiles", tiles.toString());
        assertEquals(0, ingest.exitCode(), ingest.describe());
        Path single = copy(store, dir.resolve("single"));
        List<String> args = new ArrayList<>(List.of("cluster", "--store", single.toString(),
                "--map-size", "256m"));
        args.addAll(List.of(LEVELS));
        CliRun cluster = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, cluster.exitCode(), cluster.describe());
        try (TileStore s = TileStore.open(single, 256L << 20)) {
            expected = s.tree().orElseThrow();
        }
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (ChildCurate c : children) {
            c.destroy();
        }
    }

    ChildCurate node(int shard, String cluster, String tag) throws IOException {
        Path copy = dir.resolve(tag + "-node" + shard);
        if (!Files.exists(copy)) {
            copy(store, copy);
        }
        ChildCurate c = ChildCurate.start(tag + "-node" + shard, "node", "--cluster", cluster,
                "--members", members, "--store", copy.toString(), "--map-size", "256m",
                "--shard", Integer.toString(shard), "--shards", "3", "--backend", "java");
        children.add(c);
        return c;
    }

    ChildCurate launch(String cluster, String tag, boolean resume, String... extra) {
        List<String> args = new ArrayList<>(List.of("launch", "--cluster", cluster,
                "--members", members, "--member", "127.0.0.1:" + ports.get(3), "--shards", "3",
                "--checkpoint", dir.resolve(tag + "-checkpoint").toString(),
                "--tree-store", dir.resolve(tag + "-tree").toString(), "--timeout-ms", "20000"));
        args.addAll(List.of(LEVELS));
        if (resume) {
            args.add("--resume");
        }
        args.addAll(List.of(extra));
        ChildCurate c = ChildCurate.start(tag + "-launch", args.toArray(String[]::new));
        children.add(c);
        return c;
    }

    static ClusterTree treeIn(Path treeStore) {
        try (TileStore s = TileStore.open(treeStore, 1L << 30)) {
            return s.tree().orElseThrow();
        }
    }

    static void assertSameTree(ClusterTree want, ClusterTree got) {
        assertEquals(want.depth(), got.depth());
        for (int l = 1; l <= want.depth(); l++) {
            TreeLevel w = want.level(l);
            TreeLevel g = got.level(l);
            assertArrayEquals(w.offsets(), g.offsets(), "offsets of level " + l);
            assertArrayEquals(w.members(), g.members(), "members of level " + l);
            assertArrayEquals(w.centroids(), g.centroids(), "centroids of level " + l);
        }
    }

    @Test
    void threeNodesGiveTheOneJvmTreeAndForeignNodesExit1() throws Exception {
        for (int s = 0; s < 3; s++) {
            node(s, "c3", "three");
        }
        for (ChildCurate c : children) {
            c.awaitLine(l -> l.contains(" ready: shard"), 90);
        }
        int bridgePort = ChildCurate.freePort();
        ChildCurate launch = launch("c3", "three", false, "--bridge-port",
                Integer.toString(bridgePort), "--serve", "--page-port", "0");
        String page = launch.awaitLine(l -> l.startsWith("live page on "), 120)
                .substring("live page on ".length());
        launch.awaitLine(l -> l.startsWith("serving samples"), 120);
        assertNodeStatusOnThePage(page);
        assertTrue(launch.output().contains("tree with 2 levels"), launch.output());
        assertSameTree(expected, treeIn(dir.resolve("three-tree")));
        assertPythonSampleEqualsEngine(bridgePort);
        launch.destroy();

        ChildCurate foreign = ChildCurate.start("foreign", "node", "--cluster", "other",
                "--members", members, "--member", "127.0.0.1:" + ports.get(3),
                "--store", store.toString(), "--map-size", "256m");
        children.add(foreign);
        assertEquals(1, foreign.awaitExit(60), foreign.output());
        assertTrue(foreign.output().contains("cannot join cluster 'other'")
                && foreign.output().contains("another --cluster name"), foreign.output());

        try (ServerSocket taken = new ServerSocket(ports.get(3), 1,
                InetAddress.getLoopbackAddress())) {
            ChildCurate busy = ChildCurate.start("busy", "node", "--cluster", "c3",
                    "--members", members, "--member", "127.0.0.1:" + ports.get(3),
                    "--store", store.toString(), "--map-size", "256m");
            children.add(busy);
            assertEquals(1, busy.awaitExit(60), busy.output());
            assertTrue(busy.output().contains("failed: cannot start cluster member 127.0.0.1:"
                    + ports.get(3)), busy.output());
        }
    }

    /**
     * The launcher's page relays every node's {@code curate.node.status}: after the run each
     * of the three shards is idle with its 2,000 rows and the same number of assign passes.
     */
    void assertNodeStatusOnThePage(String pageUrl) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Map<Integer, JsonObject> idle = null;
            List<String> failures = new ArrayList<>();
            // like the page, try again when a connection drops (seen once under load:
            // "Connection closed while handshake in process")
            for (int attempt = 1; attempt <= 3 && idle == null; attempt++) {
                try {
                    idle = idleNodesOverThePage(vertx, URI.create(pageUrl));
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add("attempt " + attempt + ": " + e.getCause());
                    Thread.sleep(1_000);
                }
            }
            assertTrue(idle != null, "no node status over the page: " + failures);
            int passes = idle.get(0).getInteger("assignPasses");
            for (int s = 0; s < 3; s++) {
                JsonObject n = idle.get(s);
                assertEquals("127.0.0.1:" + ports.get(s), n.getString("node"), n.encode());
                assertEquals(3, n.getInteger("shards"));
                assertEquals(2000L, n.getLong("rows"), n.encode());
                assertEquals(2000L, n.getLong("lastPassRows"), n.encode());
                assertEquals(passes, n.getInteger("assignPasses"), n.encode());
                assertTrue(n.getDouble("rowsPerSecond") > 0, n.encode());
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The first live idle status of each of the three shards, read over the page's socket. */
    static Map<Integer, JsonObject> idleNodesOverThePage(Vertx vertx, URI u) throws Exception {
        Map<Integer, JsonObject> idle = new ConcurrentHashMap<>();
        CompletableFuture<Void> all = new CompletableFuture<>();
        // held until the end: Vert.x closes a client nothing refers to any more, and with it
        // its connections (a dropped handshake here once)
        WebSocketClient client = vertx.createWebSocketClient();
        client.connect(u.getPort(), u.getHost(), "/ws")
                .onFailure(all::completeExceptionally)
                .onSuccess(ws -> ws.textMessageHandler(text -> {
                    JsonObject m = new JsonObject(text);
                    JsonObject b = m.getJsonObject("body");
                    // live messages only (the run is over), not the replayed history
                    if ("curate.node.status".equals(m.getString("address"))
                            && !m.getBoolean("replay", false)
                            && "idle".equals(b.getString("state"))
                            && b.getInteger("assignPasses") > 0) {
                        idle.put(b.getInteger("shard"), b);
                        if (idle.size() == 3) {
                            all.complete(null);
                        }
                    }
                }));
        try {
            all.get(30, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
        return idle;
    }

    /** The Python client draws a sample over the launcher's bridge: the engine's sample. */
    static void assertPythonSampleEqualsEngine(int port) throws Exception {
        Process p = new ProcessBuilder("python3", CliRun.repo().resolve("examples/python/"
                + "curate_client.py").toString(), "--port", Integer.toString(port),
                "--target", "700", "--seed", "4").redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
            io.vertx.core.json.JsonArray got = new io.vertx.core.json.JsonObject(out.trim())
                    .getJsonArray("indices");
            long[] want = HierarchicalSampler.sample(expected,
                    new HierarchicalSampler.Request(700, 1,
                            SamplingStrategy.CLOSEST, 4)).indices();
            long[] gotIndices = new long[got.size()];
            Arrays.setAll(gotIndices, got::getLong);
            assertArrayEquals(want, gotIndices);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void killedNodeStopsTheRunAndResumeGivesTheSameTree() throws Exception {
        List<ChildCurate> nodes = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            nodes.add(node(s, "ck", "kill"));
        }
        for (ChildCurate c : nodes) {
            c.awaitLine(l -> l.contains(" ready: shard"), 90);
        }
        ChildCurate launch = launch("ck", "kill", false);
        launch.awaitLine(l -> l.contains("level 1 step 1 iteration"), 120);
        long killedAt = System.nanoTime();
        nodes.get(2).kill();
        assertEquals(1, launch.awaitExit(60), launch.output());
        double noticedS = (System.nanoTime() - killedAt) / 1e9;
        assertTrue(noticedS < 15, "noticed after " + noticedS + " s:\n" + launch.output());
        assertTrue(launch.output().contains("level 1: shard 2 on node 127.0.0.1:"
                + ports.get(2)), launch.output());
        assertTrue(launch.output().contains("--resume"), launch.output());

        node(2, "ck", "kill").awaitLine(l -> l.contains(" ready: shard"), 90);
        ChildCurate resumed = launch("ck", "kill", true, "--tiles", tilesCsv.toString());
        assertEquals(0, resumed.awaitExit(120), resumed.output());
        // the kill came during resampling step 1, so phase 0 of level 1 is not redone
        assertTrue(resumed.output().contains("0 already finished; continuing at level 1, "
                + "after phase "), resumed.output());
        assertSameTree(expected, treeIn(dir.resolve("kill-tree")));
        // with --tiles the tree store has the tile table too: sample and export work there
        Path fromTree = dir.resolve("kill-sample");
        Path fromSingle = dir.resolve("single-sample");
        CliRun a = CliRun.of("sample", "--store", dir.resolve("kill-tree").toString(),
                "--target", "300", "--seed", "5", "--out", fromTree.toString());
        CliRun b = CliRun.of("sample", "--store", dir.resolve("single").toString(),
                "--target", "300", "--seed", "5", "--out", fromSingle.toString());
        assertEquals(0, a.exitCode(), a.describe());
        assertEquals(0, b.exitCode(), b.describe());
        assertEquals(Files.readString(fromSingle.resolve("curated.csv")),
                Files.readString(fromTree.resolve("curated.csv")));
        CliRun export = CliRun.of("export", "--store", dir.resolve("kill-tree").toString(),
                "--out", dir.resolve("kill-export").toString());
        assertEquals(0, export.exitCode(), export.describe());
    }

    ChildCurate emptyNode(int shard, String cluster, String tag, String mapSize) {
        ChildCurate c = ChildCurate.start(tag + "-node" + shard, "node", "--cluster", cluster,
                "--members", members, "--store", dir.resolve(tag + "-node" + shard).toString(),
                "--map-size", mapSize, "--shard", Integer.toString(shard), "--shards", "3",
                "--backend", "java");
        children.add(c);
        return c;
    }

    ChildCurate shardedIngest(String cluster, String tag) {
        ChildCurate c = ChildCurate.start(tag + "-ingest", "launch", "--cluster", cluster,
                "--members", members, "--member", "127.0.0.1:" + ports.get(3), "--shards", "3",
                "--embeddings", poolNpy.toString(), "--tiles", tilesCsv.toString());
        children.add(c);
        return c;
    }

    @Test
    void shardedIngestKeepsEachNodesSlidesOnlyAndGivesTheOneJvmTree() throws Exception {
        List<ChildCurate> nodes = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            // node 2's map is too small for the pool: its ingest fails, the others finish
            nodes.add(emptyNode(s, "cs", "sharded", s == 2 ? "96k" : "256m"));
        }
        for (ChildCurate c : nodes) {
            c.awaitLine(l -> l.contains(" waiting for ingest"), 90);
        }
        ChildCurate failed = shardedIngest("cs", "sharded");
        assertEquals(1, failed.awaitExit(120), failed.output());
        String failure = failed.output();
        assertTrue(failure.contains("  shard 1: 20 slides, 2,000 tiles"), failure);
        assertTrue(failure.contains("sharded ingest failed on 1 of 3 shards:\n  shard 2 on "
                + "node 127.0.0.1:" + ports.get(2) + ": ingest of 6000 vectors of dim 2 needs "
                + "about"), failure);
        assertTrue(failure.contains("raise --map-size"), failure);
        // a node whose ingest finished says it now serves
        nodes.get(0).awaitLine(l -> l.contains(" ready: shard 0 of 3 ") && l.endsWith(
                "(ingest done)"), 30);
        assertTrue(failure.contains("shard 0 on node 127.0.0.1:" + ports.get(0)
                + ": ingested 6000 rows of dim 2: kept 2000, skipped 0, 4000 on other shards"),
                failure);

        nodes.get(2).destroy();
        emptyNode(2, "cs", "sharded", "256m").awaitLine(l -> l.contains(" waiting for ingest"),
                90);
        ChildCurate again = shardedIngest("cs", "sharded");
        assertEquals(0, again.awaitExit(120), again.output());
        assertTrue(again.output().contains("shard 0 on node 127.0.0.1:" + ports.get(0)
                + ": ingested 6000 rows of dim 2: kept 2000, skipped 0, 4000 on other shards "
                + "(already complete, nothing written)"), again.output());
        assertTrue(again.output().contains("shard 2 on node 127.0.0.1:" + ports.get(2)
                + ": ingested 6000 rows of dim 2: kept 2000, skipped 0, 4000 on other shards\n"),
                again.output());

        Path sample = dir.resolve("sharded-sample");
        ChildCurate cluster = launch("cs", "sharded", false, "--sample-target", "700",
                "--sample-strategy", "c", "--sample-seed", "4", "--out", sample.toString(),
                "--tiles", tilesCsv.toString());
        assertEquals(0, cluster.awaitExit(120), cluster.output());
        assertSameTree(expected, treeIn(dir.resolve("sharded-tree")));
        long[] want = HierarchicalSampler.sample(expected, new HierarchicalSampler.Request(700,
                1, SamplingStrategy.CLOSEST, 4)).indices();
        assertArrayEquals(want, CliFixtures.readInt64(sample.resolve("indices.npy")));
        assertTrue(cluster.output().contains("sampled 700 entries (0 repeats) in 1 chunks "
                + "through the sampling verticle into " + sample), cluster.output());
        List<String> curated = Files.readAllLines(sample.resolve("curated.csv"));
        assertEquals(701, curated.size());
        assertEquals("slide_id,tile_idx,tile_x,tile_y", curated.get(0));
        assertEquals("slide_" + want[0] / 100 + "," + want[0] + "," + want[0] % 10 * 224 + ","
                + want[0] / 10 % 10 * 224, curated.get(1));
        stopChildren();
        assertEachStoreHoldsOnlyItsSlides("sharded");
    }

    /** Each node store holds exactly its slides' tiles, with the full store's vectors. */
    static void assertEachStoreHoldsOnlyItsSlides(String tag) {
        try (TileStore full = TileStore.open(store, 256L << 20)) {
            int[] slideOfTile = full.tileTable().slideOfTile();
            float[] all = new float[6000 * 2];
            full.vectors().scan(1000, (first, count, data) ->
                    System.arraycopy(data, 0, all, (int) first * 2, count * 2));
            long total = 0;
            for (int s = 0; s < 3; s++) {
                try (TileStore node = TileStore.open(dir.resolve(tag + "-node" + s), 256L << 20)) {
                    assertEquals(java.util.Optional.of(
                            new dev.curate.engine.store.SlideShard(s, 3)), node.slideShard());
                    assertEquals(6000, node.tileCount());
                    long[] kept = node.keptTileIndices();
                    assertEquals(2000, kept.length, "tiles of shard " + s);
                    float[] rows = new float[kept.length * 2];
                    node.vectors().scan(500, (first, count, data) ->
                            System.arraycopy(data, 0, rows, (int) first * 2, count * 2));
                    for (int i = 0; i < kept.length; i++) {
                        int tile = (int) kept[i];
                        assertEquals(s, slideOfTile[tile] % 3, "slide of tile " + tile);
                        assertEquals(all[tile * 2], rows[i * 2], "tile " + tile);
                        assertEquals(all[tile * 2 + 1], rows[i * 2 + 1], "tile " + tile);
                    }
                    total += kept.length;
                }
            }
            assertEquals(6000, total);
        }
    }
}
