package dev.curate.cli;

import dev.curate.verticles.Deployments;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
import dev.curate.verticles.cluster.ClusterMember;
import dev.curate.verticles.cluster.ClusterNode;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curate node}: joins a cluster and serves one shard of a store until stopped; a node
 * whose store is still empty waits for a sharded ingest from {@code curate launch}.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Join a cluster over Hazelcast (TCP member list, multicast off) and serve "
                + "one shard of the store: the slides with ordinal %% shards == shard. An empty"
                + " store waits for curate launch --embeddings to ingest this shard's slides.")
final class NodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions clusterOptions;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--member", paramLabel = "HOST:PORT",
            description = "This node's address in --members (default: the member at index "
                    + "--shard).")
    String member;

    @Option(names = "--shard", defaultValue = "0", description = "This node's shard index, "
            + "from 0 (default: ${DEFAULT-VALUE}).")
    int shard;

    @Option(names = "--shards", defaultValue = "1", description = "Number of shards "
            + "(default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|opencl|cpu-fast|java",
            description = "Assign-step backend (default: ${DEFAULT-VALUE}).")
    String backend;

    @Override
    public Integer call() throws InterruptedException {
        List<ClusterMember> members = clusterOptions.memberList();
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("--shard " + shard + " --shards " + shards
                    + ": need 0 <= shard < shards");
        }
        ClusterMember self = member != null ? ClusterMember.parse(member)
                : shard < members.size() ? members.get(shard) : null;
        if (self == null) {
            throw new IllegalArgumentException("--shard " + shard + " has no member in "
                    + members + "; give --member");
        }
        if (Files.exists(storeOptions.store) && !Files.isDirectory(storeOptions.store)) {
            throw new IllegalArgumentException("--store " + storeOptions.store
                    + " is not a folder: give the node's store folder (created when missing)");
        }
        long mapSizeBytes = StoreOptions.mapSizeBytes(storeOptions.mapSize);
        ClusterNode node = ClusterNode.join(clusterOptions.cluster, members, self,
                clusterOptions.joinTimeoutS * 1000L);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "curate-node-stop"));
        ClusterChecks.refuseStrangers(node, clusterOptions, self);
        BusCalls.await(Deployments.deployNodeStatus(node.vertx(), new JsonObject()
                .put("node", self.toString()).put("nodeId", node.nodeId()).put("shard", shard)
                .put("shards", shards)), clusterOptions.joinTimeoutS * 1000L,
                "starting the status of node " + self);
        BusCalls.await(Deployments.deployShardNode(node.vertx(), new JsonObject()
                .put("store", storeOptions.store.toString()).put("shard", shard)
                .put("shards", shards).put("backend", backend).put("node", self.toString())
                .put("nodeId", node.nodeId()).put("mapSizeBytes", mapSizeBytes)),
                clusterOptions.joinTimeoutS * 1000L, "starting shard " + shard + " on " + self);
        PrintWriter out = spec.commandLine().getOut();
        // a shard that starts serving after a sharded ingest announces itself idle
        AtomicBoolean waiting = new AtomicBoolean();
        node.vertx().eventBus().<JsonObject>localConsumer(Addresses.SHARD_ACTIVITY, m -> {
            if ("idle".equals(m.body().getString("state")) && waiting.compareAndSet(true, false)) {
                out.printf("node %s ready: shard %d of %d from %s (ingest done)%n", self,
                        shard, shards, storeOptions.store);
                out.flush();
            }
        });
        boolean serving = BusCalls.<Message<JsonObject>>await(node.vertx().eventBus().request(
                Addresses.shard(shard, "ingest"), new JsonObject().put("probe", true)),
                clusterOptions.joinTimeoutS * 1000L, "shard " + shard).body()
                .getBoolean("serving");
        waiting.set(!serving);
        out.printf("node %s %s: shard %d of %d from %s, cluster '%s', node id %s%n",
                self, serving ? "ready" : "waiting for ingest (curate launch --embeddings)",
                shard, shards, storeOptions.store, clusterOptions.cluster, node.nodeId());
        out.flush();
        stopped.await();
        return 0;
    }
}
