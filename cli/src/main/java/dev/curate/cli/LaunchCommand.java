package dev.curate.cli;

import dev.curate.engine.io.TileTableReader;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.verticles.Deployments;
import dev.curate.verticles.bridge.LabBridgeVerticle;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
import dev.curate.verticles.bus.FailureCode;
import dev.curate.verticles.bus.StatsJson;
import dev.curate.verticles.cluster.ClusterMember;
import dev.curate.verticles.cluster.ClusterNode;
import dev.curate.verticles.kmeans.TreeHolder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code curate launch}: joins a cluster, runs hierarchical k-means over the shards of the live
 * nodes with this JVM as coordinator, prints progress and stores the tree. With
 * {@code --embeddings} it runs a sharded ingest instead: every node writes the rows of its own
 * slides into its own store.
 */
@Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Run hierarchical k-means across the shards of a running cluster "
                + "(curate node) and store the tree; --resume continues from the checkpoint. "
                + "With --embeddings and --tiles: have every node ingest its slides instead.",
        footer = {"", "Level options are those of curate cluster.",
            "Sharded ingest: the nodes read the files by the paths given here (shared "
                    + "filesystem); a re-run resumes on each node."})
final class LaunchCommand implements Callable<Integer> {

    /** The longest a run may take: a week; the real bound is the shards' request timeout. */
    static final long RUN_WAIT_MS = TimeUnit.DAYS.toMillis(7);

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--member", required = true, paramLabel = "HOST:PORT",
            description = "This launcher's address in --members.")
    String member;

    @Option(names = "--shards", required = true, description = "Number of shards the nodes "
            + "serve (their --shards).")
    int shards;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    ClusterCommand.Settings settings;

    @Option(names = "--embeddings", split = ",", paramLabel = "A.npy,B.npy",
            description = "Sharded ingest: the .npy parts in pool order, as every node sees "
                    + "them (shared filesystem).")
    List<Path> embeddings;

    @Option(names = "--tiles", paramLabel = "T.csv", description = "The tile table "
            + "(slide_id,num_tiles...): for a sharded ingest as every node sees it; with a "
            + "clustering run it goes into --tree-store too, so curate sample and export work "
            + "on that store.")
    Path tiles;

    @Option(names = "--skip-nonfinite", description = "Sharded ingest: leave NaN/Inf rows out "
            + "(they keep their tile index) instead of refusing the input.")
    boolean skipNonFinite;

    @Option(names = "--float16", description = "Sharded ingest: store vectors as float16.")
    boolean float16;

    @Option(names = "--strategy", paramLabel = "c|r", description = "Resampling strategy "
            + "(default: the config's, else c).")
    String strategy;

    @Option(names = "--seed", description = "Random seed (default: the config's, else 0).")
    Long seed;

    @Option(names = "--init", paramLabel = "kmeans++|random|kmeans||",
            description = "k-means initialisation (default: the config's, else kmeans++).")
    String init;

    @Option(names = "--backend", paramLabel = "auto|opencl|cpu-fast|java",
            description = "Backend of the levels clustered on this node (default: auto).")
    String backend;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Folder of the run's checkpoint: the finished levels and the last "
                    + "Lloyd step or resampling phase of the level in progress.")
    Path checkpoint;

    @Option(names = "--resume", description = "Continue the run in --checkpoint from its last "
            + "checkpointed step (the tree equals an uninterrupted run's).")
    boolean resume;

    @Option(names = "--tree-store", paramLabel = "DIR",
            description = "Store that receives the finished tree.")
    Path treeStore;

    @Option(names = "--timeout-ms", defaultValue = "60000", description = "Longest wait for "
            + "one shard request, ms (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--bridge-port", paramLabel = "PORT",
            description = "Open the lab-tool TCP bridge on 127.0.0.1:PORT during the run.")
    Integer bridgePort;

    @Option(names = "--page-port", paramLabel = "PORT", description = "Serve the live page "
            + "on 127.0.0.1:PORT (0 = any free port) during the run: run status, level chart "
            + "and every node's status.")
    Integer pagePort;

    @Option(names = "--serve", description = "After the run, keep serving samples and "
            + "cluster members (over the bridge) until stopped.")
    boolean serve;

    @Option(names = "--sample-target", paramLabel = "N", description = "After the run, draw a "
            + "curated subset of N entries through the sampling verticle into --out "
            + "(indices.npy, curated.csv; needs --tiles for the slide names).")
    Long sampleTarget;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder of "
            + "--sample-target.")
    Path sampleOut;

    @Option(names = "--sample-multiplier", defaultValue = "1", paramLabel = "M",
            description = "How many times a tile may appear in the sample (default: "
                    + "${DEFAULT-VALUE}).")
    int sampleMultiplier;

    @Option(names = "--sample-strategy", defaultValue = "r", paramLabel = "c|r",
            description = "Extra members of a level-1 cluster in the sample: c closest, "
                    + "r random (default: ${DEFAULT-VALUE}, as curate sample).")
    String sampleStrategy;

    @Option(names = "--sample-seed", defaultValue = "0", description = "Seed of the sample "
            + "(default: ${DEFAULT-VALUE}).")
    long sampleSeed;

    @Override
    public Integer call() throws InterruptedException {
        if (embeddings != null) {
            return new ShardedIngest(this).run();
        }
        if (settings == null || checkpoint == null || treeStore == null) {
            throw new ParameterException(spec.commandLine(), "a clustering run needs "
                    + "--checkpoint, --tree-store and the level options (--config or "
                    + "--clusters ...); a sharded ingest needs --embeddings and --tiles");
        }
        if (sampleTarget != null && (sampleOut == null || tiles == null)) {
            throw new ParameterException(spec.commandLine(), "--sample-target " + sampleTarget
                    + " needs --out DIR and --tiles T.csv (the slide names of curated.csv)");
        }
        ClusterCommand.Run run = resolve();
        PrintWriter out = spec.commandLine().getOut();
        run.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        ClusterMember self = ClusterMember.parse(member);
        try (ClusterNode node = ClusterNode.join(clusterOptions.cluster,
                clusterOptions.memberList(), self, clusterOptions.joinTimeoutS * 1000L)) {
            ClusterChecks.refuseStrangers(node, clusterOptions, self);
            Vertx vertx = node.vertx();
            TreeHolder holder = BusCalls.await(Deployments.deployCoordinator(vertx,
                    new JsonObject().put("checkpoint", checkpoint.toString())
                            .put("backend", run.backend()).put("timeoutMs", timeoutMs)),
                    timeoutMs, "starting the coordinator");
            if (bridgePort != null) {
                BusCalls.await(vertx.deployVerticle(new LabBridgeVerticle(),
                        new DeploymentOptions().setConfig(new JsonObject()
                                .put("port", bridgePort))), timeoutMs, "starting the bridge");
                out.printf("lab bridge on 127.0.0.1:%d%n", bridgePort);
            }
            if (pagePort != null) {
                out.printf("live page on %s%n", PageServer.attach(vertx, "127.0.0.1", pagePort)
                        .url());
                out.flush();
            }
            waitForShards(vertx, "info");
            vertx.eventBus().<JsonObject>localConsumer(Addresses.KMEANS_PROGRESS,
                    m -> printProgress(out, m.body()));
            JsonObject summary = runJob(vertx, run);
            ClusterTree tree = holder.tree().orElseThrow();
            try (TileStore store = TileStore.open(treeStore, 1L << 30)) {
                if (tiles != null) {
                    store.putTileTable(TileTableReader.read(tiles, tree.tileCount()));
                }
                store.putTree(tree);
            }
            out.printf("tree with %d levels %s over %,d tiles from %d shards stored in %s%n",
                    tree.depth(), summary.getJsonArray("clusters").encode(), tree.tileCount(),
                    shards, treeStore);
            out.flush();
            if (sampleTarget != null) {
                new BusSample(vertx, timeoutMs).draw(sampleTarget, sampleMultiplier,
                        sampleStrategy, sampleSeed, tiles, tree.tileCount(), sampleOut, out);
            }
            if (serve) {
                out.println("serving samples and cluster members until stopped");
                out.flush();
                new CountDownLatch(1).await();
            }
            return 0;
        }
    }

    private ClusterCommand.Run resolve() {
        ClusterCommand c = new ClusterCommand();
        c.settings = settings;
        c.strategy = strategy;
        c.seed = seed;
        c.init = init;
        c.backend = backend;
        return c.resolve();
    }

    /**
     * Waits until every shard answers {@code op} ({@code info}, or {@code ingest} with a
     * probe), or fails naming the first missing one.
     *
     * @return each shard's answer, by shard
     */
    List<JsonObject> waitForShards(Vertx vertx, String op) {
        long deadline = System.currentTimeMillis() + clusterOptions.joinTimeoutS * 1000L;
        List<JsonObject> answers = new java.util.ArrayList<>();
        for (int s = 0; s < shards; s++) {
            while (true) {
                try {
                    answers.add(BusCalls.<Message<JsonObject>>await(vertx.eventBus().request(
                            Addresses.shard(s, op), new JsonObject().put("probe", true)),
                            2_000, "shard " + s).body());
                    break;
                } catch (BusCalls.RemoteCallException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("no node of cluster '"
                                + clusterOptions.cluster + "' serves shard " + s + " of "
                                + shards + " after " + clusterOptions.joinTimeoutS + " s; start"
                                + " curate node --shard " + s + " --shards " + shards, e);
                    }
                    pause();
                }
            }
        }
        return answers;
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for shards", e);
        }
    }

    /** Sends the run and waits for its end; maps bus failures to exit codes. */
    private JsonObject runJob(Vertx vertx, ClusterCommand.Run run) {
        JsonObject request = new JsonObject().put("params", StatsJson.toJson(run.params()))
                .put("shards", shards).put("resume", resume);
        try {
            Message<JsonObject> reply = BusCalls.await(vertx.eventBus().request(
                    Addresses.KMEANS_RUN, request, new DeliveryOptions()
                            .setSendTimeout(RUN_WAIT_MS)), RUN_WAIT_MS, "the run");
            return reply.body();
        } catch (BusCalls.RemoteCallException e) {
            if (e.getCause() instanceof ReplyException r
                    && r.failureCode() == FailureCode.BAD_REQUEST.code()) {
                throw new IllegalArgumentException(r.getMessage(), e);
            }
            String text = e.getCause() instanceof ReplyException r ? r.getMessage()
                    : e.getMessage();
            throw new IllegalStateException(text + "; once the node is back, re-run with "
                    + "--resume to continue from " + checkpoint, e);
        }
    }

    private static void printProgress(PrintWriter out, JsonObject e) {
        switch (e.getString("type", "")) {
            case "runStart" -> out.printf("run on %d shards: %,d rows, %d levels, %d already "
                    + "finished%s%n", e.getInteger("shards"), e.getLong("rows"),
                    e.getInteger("levels"), e.getInteger("resumedLevels"),
                    e.getString("resumedAt") == null ? ""
                            : "; continuing at " + e.getString("resumedAt"));
            case "levelStart" -> out.printf("level %d/%d: %,d inputs, %d clusters%n",
                    e.getInteger("level"), e.getInteger("levels"), e.getLong("inputs"),
                    e.getInteger("clusters"));
            case "init" -> out.printf("  level %d init: %d of %d centres chosen (k-means++; "
                    + "--init random is faster on large pools)%n", e.getInteger("level"),
                    e.getInteger("chosen"), e.getInteger("clusters"));
            case "iteration" -> out.printf("  level %d step %d iteration %d/%d: objective "
                    + "%.6g, %d changed%n", e.getInteger("level"), e.getInteger("step"),
                    e.getInteger("iteration"), e.getInteger("maxIterations"),
                    e.getDouble("objective"), e.getLong("changed"));
            case "levelEnd" -> out.printf("level %d done: %d clusters, %.2f s%n",
                    e.getInteger("level"), e.getInteger("clusters"), e.getDouble("seconds"));
            default -> { }
        }
        out.flush();
    }
}
