package dev.curate.cli;

import dev.curate.engine.io.NpyReader;
import dev.curate.engine.io.TileTable;
import dev.curate.engine.io.TileTableReader;
import dev.curate.engine.store.SlideShard;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
import dev.curate.verticles.bus.FailureCode;
import dev.curate.verticles.cluster.ClusterMember;
import dev.curate.verticles.cluster.ClusterNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sharded-ingest job of {@code curate launch}: reads the tile table, tells each shard's
 * node the input's paths (never the embeddings) and waits for every node to ingest its own
 * slides into its own store, printing their progress. A node that fails or leaves is named;
 * a re-run of the same command resumes every node after its last commit.
 */
final class ShardedIngest {

    private final LaunchCommand launch;
    private final PrintWriter out;

    ShardedIngest(LaunchCommand launch) {
        this.launch = launch;
        this.out = launch.spec.commandLine().getOut();
    }

    /** Runs the job; returns 0, or throws with every failed shard named. */
    int run() {
        if (launch.tiles == null) {
            throw new IllegalArgumentException("--embeddings " + launch.embeddings
                    + " needs --tiles: shards are assigned by slide");
        }
        if (launch.shards < 1) {
            throw new IllegalArgumentException("--shards " + launch.shards
                    + " must be at least 1");
        }
        List<Path> parts = launch.embeddings.stream().map(p -> p.toAbsolutePath().normalize())
                .toList();
        Path tiles = launch.tiles.toAbsolutePath().normalize();
        for (Path p : parts) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--embeddings " + p + " is not a file");
            }
        }
        long[] expected = plan(parts, tiles);
        ClusterOptions cluster = launch.clusterOptions;
        ClusterMember self = ClusterMember.parse(launch.member);
        try (ClusterNode node = ClusterNode.join(cluster.cluster, cluster.memberList(), self,
                cluster.joinTimeoutS * 1000L)) {
            ClusterChecks.refuseStrangers(node, cluster, self);
            Vertx vertx = node.vertx();
            List<JsonObject> probes = launch.waitForShards(vertx, "ingest");
            Set<String> departed = ConcurrentHashMap.newKeySet();
            vertx.eventBus().<String>localConsumer(Addresses.NODE_LEFT,
                    m -> departed.add(m.body()));
            vertx.eventBus().<JsonObject>consumer(Addresses.INGEST_PROGRESS,
                    m -> printProgress(m.body()));
            JsonObject request = new JsonObject()
                    .put("embeddings", new JsonArray(parts.stream().map(Path::toString)
                            .toList()))
                    .put("tiles", tiles.toString()).put("skipNonFinite", launch.skipNonFinite)
                    .put("float16", launch.float16);
            List<Future<Message<JsonObject>>> pending = new ArrayList<>();
            for (int s = 0; s < launch.shards; s++) {
                pending.add(vertx.eventBus().request(Addresses.shard(s, "ingest"), request,
                        new DeliveryOptions().setSendTimeout(LaunchCommand.RUN_WAIT_MS)));
            }
            return collect(pending, probes, departed, expected);
        }
    }

    /** Reads the tile table and prints, per shard, its slides and tiles; returns the tiles. */
    private long[] plan(List<Path> parts, Path tiles) {
        long rows;
        try (NpyReader reader = NpyReader.open(parts)) {
            rows = reader.rows();
        }
        TileTable table = TileTableReader.read(tiles, rows);
        int n = launch.shards;
        long[] tileCount = new long[n];
        int[] slides = new int[n];
        for (int slide = 0; slide < table.slideIds().size(); slide++) {
            slides[slide % n]++;
        }
        for (int slide : table.slideOfTile()) {
            tileCount[slide % n]++;
        }
        out.printf("sharded ingest of %,d tiles on %,d slides into %d shards (slide ordinal %% "
                + "%d)%n", rows, table.slideIds().size(), n, n);
        for (int s = 0; s < n; s++) {
            out.printf("  shard %d: %,d slides, %,d tiles%n", s, slides[s], tileCount[s]);
        }
        out.flush();
        return tileCount;
    }

    private int collect(List<Future<Message<JsonObject>>> pending, List<JsonObject> probes,
            Set<String> departed, long[] expected) {
        List<String> failures = new ArrayList<>();
        boolean allBadInput = true;
        for (int s = 0; s < pending.size(); s++) {
            String node = probes.get(s).getString("node");
            String nodeId = probes.get(s).getString("nodeId");
            String where = "shard " + s + " on node " + node;
            try {
                JsonObject r = BusCalls.await(pending.get(s), LaunchCommand.RUN_WAIT_MS,
                        "ingest of " + where, () -> departed.contains(nodeId)
                                ? where + " left the cluster during the ingest" : null).body();
                long stored = r.getLong("kept") + r.getLong("skipped");
                if (stored != expected[s]) {
                    failures.add(where + " stored " + stored + " tiles of its slides, expected "
                            + expected[s] + " (" + new SlideShard(s, pending.size()).text()
                            + "); is its store ingested from another tile table?");
                    allBadInput = false;
                    continue;
                }
                out.printf("shard %d on node %s: %s%n", s, node, r.getString("summary"));
            } catch (BusCalls.RemoteCallException e) {
                boolean bad = e.getCause() instanceof ReplyException r
                        && r.failureCode() == FailureCode.BAD_REQUEST.code();
                allBadInput &= bad;
                failures.add(e.getCause() instanceof ReplyException r ? r.getMessage()
                        : e.getMessage());
            }
            out.flush();
        }
        if (failures.isEmpty()) {
            out.printf("sharded ingest done: %d shards%n", pending.size());
            out.flush();
            return 0;
        }
        String text = "sharded ingest failed on " + failures.size() + " of " + pending.size()
                + " shards:\n  " + String.join("\n  ", failures) + "\nfix the cause and re-run"
                + " the same command: finished shards answer 'already complete', the others "
                + "resume after their last commit";
        if (allBadInput) {
            throw new IllegalArgumentException(text);
        }
        throw new IllegalStateException(text);
    }

    private void printProgress(JsonObject e) {
        out.printf("  shard %d %s: %,d/%,d rows%n", e.getInteger("shard"),
                e.getString("stage").toLowerCase(java.util.Locale.ROOT), e.getLong("rowsDone"),
                e.getLong("rowsTotal"));
        out.flush();
    }
}
