package dev.curate.bench;

import dev.curate.engine.accel.AssignBackend;
import dev.curate.engine.accel.Backends;
import dev.curate.engine.io.NpyWriter;
import dev.curate.engine.kmeans.AssignPass;
import dev.curate.engine.kmeans.AssignSummary;
import dev.curate.engine.kmeans.KMeans;
import dev.curate.engine.store.Ingest;
import dev.curate.engine.store.IngestListener;
import dev.curate.engine.store.IngestOptions;
import dev.curate.engine.store.TileStore;
import dev.curate.verticles.Deployments;
import dev.curate.verticles.bus.BusCalls;
import dev.curate.verticles.cluster.ClusterMember;
import dev.curate.verticles.cluster.ClusterNode;
import dev.curate.verticles.kmeans.ShardedVectorSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times one Lloyd assign step (assign every row, sum every cluster exactly; the labels stay on
 * the shards, as in a k-means iteration) through the runtime against the engine's own pass on
 * one JVM, measured in the same run on the same store: the overhead
 * ratio is runtime seconds over engine seconds. The runtime runs with 1 shard and with
 * {@code --shards} shards, each either on one Vert.x with a local event bus ({@code local}) or
 * as that many Hazelcast members in this JVM talking over TCP on loopback ({@code cluster}),
 * with one more member as coordinator. Every shard reads its own copy of the store and serves
 * the slides with {@code ordinal % shards == shard}. The shards of one setup run their passes
 * at the same time on their own worker threads, so on a machine with more cores than the
 * backend uses, several shards can beat one engine pass.
 *
 * <p>Options: {@code --n 200000 --d 1024 --k 1000,10000 --shards 3 --modes local,cluster
 * --backend cpu-fast --dir folder --repeats 2} ({@code repeats}: interleaved rounds). Prints
 * {@code key=value} lines.
 */
public final class DistributedLloydBench {

    private DistributedLloydBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args options as listed in the class comment
     */
    public static void main(String[] args) throws IOException {
        java.util.Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int n = Integer.parseInt(o.getOrDefault("n", "200000"));
        int d = Integer.parseInt(o.getOrDefault("d", "1024"));
        int shards = Integer.parseInt(o.getOrDefault("shards", "3"));
        int repeats = Integer.parseInt(o.getOrDefault("repeats", "2"));
        String backend = o.getOrDefault("backend", "cpu-fast");
        // one folder per pool size: a store of another size is never reused by mistake
        Path dir = Path.of(o.getOrDefault("dir", "bench/target/lloyd-bench"))
                .resolve(n + "x" + d);
        Path store = ingest(dir, n, d);
        System.out.printf(Locale.ROOT, "rows=%d dim=%d shards=%d backend=%s%n", n, d, shards,
                backend);
        List<Setup> setups = new ArrayList<>();
        try {
            for (String mode : o.getOrDefault("modes", "local,cluster").split(",")) {
                for (int count : shards == 1 ? new int[] {1} : new int[] {1, shards}) {
                    // one store copy per shard and setup: LMDB must not open a file twice
                    List<Path> copies = new ArrayList<>();
                    for (int s = 0; s < count; s++) {
                        copies.add(copy(store, dir.resolve(mode + count + "-shard" + s)));
                    }
                    setups.add(Setup.start(mode, copies, backend));
                }
            }
            for (String kText : o.getOrDefault("k", "1000,10000").split(",")) {
                measure(store, setups, Integer.parseInt(kText), backend, repeats, n, d);
            }
        } finally {
            setups.forEach(Setup::close);
        }
    }

    /**
     * Times every setup and the engine for one k in interleaved rounds (engine, then each
     * setup, per round) and prints the best of each, so a burst of load from other work hits
     * all of them alike.
     */
    private static void measure(Path store, List<Setup> setups, int k, String backend,
            int rounds, int n, int d) {
        float[] centroids = firstRows(store, k);
        double engine = Double.MAX_VALUE;
        double[] best = new double[setups.size()];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < rounds; r++) {
            engine = Math.min(engine, timeEngine(store, centroids, k, backend));
            for (int i = 0; i < setups.size(); i++) {
                best[i] = Math.min(best[i], setups.get(i).time(centroids, k));
            }
        }
        System.out.printf(Locale.ROOT, "k=%d engine_seconds=%.3f%n", k, engine);
        for (int i = 0; i < setups.size(); i++) {
            Setup s = setups.get(i);
            int count = s.shards();
            // per shard: centroids out, exact sums (16 bytes a value), counts, objective words
            long bytes = (long) count * k * d * (4 + 16) + (long) count * k * 8
                    + (long) count * 255 * 8;
            System.out.printf(Locale.ROOT, "k=%d mode=%s shards=%d seconds=%.3f "
                    + "overhead_ratio=%.3f bus_mib_per_pass=%.1f%n", k, s.mode(), count,
                    best[i], best[i] / engine, bytes / 1048576.0);
        }
    }

    /** Writes seeded blobs with 100 tiles per slide and ingests them into one store. */
    private static Path ingest(Path dir, int n, int d) throws IOException {
        Path store = dir.resolve("store");
        if (Files.exists(store.resolve("data.mdb"))) {
            return store;
        }
        Files.createDirectories(dir);
        Random rnd = new Random(1);
        float[] centres = new float[64 * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian();
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(64);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = centres[c * d + j] + 0.5f * (float) rnd.nextGaussian();
            }
        }
        Path npy = dir.resolve("pool.npy");
        NpyWriter.writeFloat32(npy, x, n, d);
        StringBuilder csv = new StringBuilder("slide_id,num_tiles\n");
        for (int s = 0; s < (n + 99) / 100; s++) {
            csv.append("slide-").append(s).append(',').append(Math.min(100, n - s * 100))
                    .append('\n');
        }
        Path table = dir.resolve("tiles.csv");
        Files.writeString(table, csv);
        try (TileStore ts = TileStore.open(store, 64L << 30)) {
            Ingest.run(ts, List.of(npy), IngestOptions.defaults().withTileTable(table),
                    IngestListener.NONE);
        }
        Files.delete(npy);
        return store;
    }

    private static Path copy(Path from, Path to) throws IOException {
        if (Files.exists(to.resolve("data.mdb"))) {
            return to;
        }
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static float[] firstRows(Path store, int k) {
        try (TileStore ts = TileStore.open(store, 64L << 30)) {
            int d = ts.dim();
            float[] c = new float[k * d];
            for (int i = 0; i < k; i++) {
                ts.vectors().readRow(i * (ts.vectors().rows() / k), c, i * d);
            }
            return c;
        }
    }

    /** One engine pass over the store on this thread. */
    private static double timeEngine(Path store, float[] centroids, int k, String backend) {
        try (TileStore ts = TileStore.open(store, 64L << 30);
                AssignBackend b = Backends.select(backend, false).backend()) {
            long t0 = System.nanoTime();
            AssignPass p = KMeans.assignLocally(ts.vectors(), centroids, k, b);
            double seconds = (System.nanoTime() - t0) / 1e9;
            check(p.counts(), ts.vectors().rows());
            return seconds;
        }
    }

    /** Shards deployed on a local bus or on Hazelcast members, and the pool over them. */
    private record Setup(String mode, int shards, ShardedVectorSource pool,
            List<ClusterNode> nodes, Vertx local) {

        static Setup start(String mode, List<Path> copies, String backend) {
            List<ClusterNode> nodes = new ArrayList<>();
            Vertx local = null;
            Vertx coordinator;
            List<Vertx> shardVertx = new ArrayList<>();
            if (mode.equals("cluster")) {
                List<ClusterMember> members = new ArrayList<>();
                for (int i = 0; i <= copies.size(); i++) {
                    members.add(new ClusterMember("127.0.0.1", freePort()));
                }
                for (ClusterMember m : members) {
                    nodes.add(ClusterNode.join("bench-" + copies.size(), members, m, 60_000));
                }
                coordinator = nodes.get(copies.size()).vertx();
                nodes.subList(0, copies.size()).forEach(c -> shardVertx.add(c.vertx()));
            } else {
                local = Vertx.vertx();
                coordinator = local;
                for (int i = 0; i < copies.size(); i++) {
                    shardVertx.add(local);
                }
            }
            for (int s = 0; s < copies.size(); s++) {
                BusCalls.await(Deployments.deployShard(shardVertx.get(s), new JsonObject()
                        .put("store", copies.get(s).toString()).put("shard", s)
                        .put("shards", copies.size()).put("backend", backend)
                        .put("node", mode + "-" + s)), 120_000, "deploying shard " + s);
            }
            return new Setup(mode, copies.size(), ShardedVectorSource.discover(
                    coordinator.eventBus(), copies.size(), 600_000), nodes, local);
        }

        double time(float[] centroids, int k) {
            long t0 = System.nanoTime();
            AssignSummary p = pool.assignStep(centroids, k, false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            check(p.counts(), pool.rows());
            return seconds;
        }

        void close() {
            nodes.forEach(ClusterNode::close);
            if (local != null) {
                BusCalls.await(local.close(), 30_000, "closing Vert.x");
            }
        }
    }

    private static void check(long[] counts, long rows) {
        long total = Arrays.stream(counts).sum();
        if (total != rows) {
            throw new IllegalStateException("pass counted " + total + " rows of " + rows);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
