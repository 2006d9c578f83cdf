package dev.curate.verticles.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clustered Vert.x instance on Hazelcast with a TCP member list: bound to this member's
 * interface only, multicast and auto-detection off, no phone-home. A member that leaves is
 * announced locally on {@link Addresses#NODE_LEFT} with its node id, so a coordinator stops a
 * run within the heartbeat timeout ({@value #NO_HEARTBEAT_SECONDS} s) instead of waiting for
 * request timeouts.
 */
public final class ClusterNode implements AutoCloseable {

    /** Seconds without a heartbeat before Hazelcast drops a member. */
    public static final int NO_HEARTBEAT_SECONDS = 5;

    /** The member attribute where vertx-hazelcast keeps the Vert.x node id. */
    private static final String VERTX_NODE_ID = "__vertx.nodeId";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final HazelcastInstance hazelcast;
    private final Vertx vertx;
    private final String nodeId;

    private ClusterNode(HazelcastInstance hazelcast, Vertx vertx, String nodeId) {
        this.hazelcast = hazelcast;
        this.vertx = vertx;
        this.nodeId = nodeId;
    }

    /**
     * Starts Hazelcast and a clustered Vert.x on it; blocks until joined. Call from a plain
     * thread (the CLI's main thread), never an event loop.
     *
     * @param clusterName the cluster's name; members with another name never join
     * @param members every member's address, this one included
     * @param self this member's address: its interface and Hazelcast port
     * @param timeoutMs how long Vert.x may take to start on the joined member
     * @return the running node
     * @throws IllegalStateException naming the address when the port is in use or the
     *     member cannot start
     */
    public static ClusterNode join(String clusterName, List<ClusterMember> members,
            ClusterMember self, long timeoutMs) {
        if (!members.contains(self)) {
            throw new IllegalArgumentException("this member " + self + " is not in the member "
                    + "list " + members);
        }
        HazelcastClusterManager manager = new HazelcastClusterManager(
                config(clusterName, members, self));
        VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions()
                .setHost(self.host()).setPort(0).setClusterPublicHost(self.host()));
        Vertx vertx;
        try {
            vertx = BusCalls.await(Vertx.builder().with(options).withClusterManager(manager)
                    .buildClustered(), timeoutMs, "joining");
        } catch (BusCalls.RemoteCallException e) {
            throw new IllegalStateException("cannot start cluster member " + self + " of "
                    + "cluster '" + clusterName + "': " + rootMessage(e), e);
        }
        HazelcastInstance hz = manager.getHazelcastInstance();
        ClusterNode node = new ClusterNode(hz, vertx, manager.getNodeId());
        hz.getCluster().addMembershipListener(node.new Departures());
        LOG.info("member {} joined cluster '{}' as node {}; {} members", self, clusterName,
                node.nodeId, hz.getCluster().getMembers().size());
        return node;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static Config config(String clusterName, List<ClusterMember> members,
            ClusterMember self) {
        Config c = ConfigUtil.loadConfig();
        c.setClusterName(clusterName);
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds",
                Integer.toString(NO_HEARTBEAT_SECONDS));
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(self.port()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).clear().addInterface(self.host());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).clear();
        // one entry per member: a port range with interfaces enabled fails to parse
        members.forEach(m -> join.getTcpIpConfig().addMember(m.toString()));
        return c;
    }

    /** Returns the clustered Vert.x instance. */
    public Vertx vertx() {
        return vertx;
    }

    /** Returns this node's Vert.x id in the cluster. */
    public String nodeId() {
        return nodeId;
    }

    /** Returns how many members the cluster has now, this one included. */
    public int memberCount() {
        return hazelcast.getCluster().getMembers().size();
    }

    /**
     * Returns the listed members (other than this one) that accept TCP connections on their
     * port but are not members of this cluster: typically Hazelcast under another cluster
     * name, or another program on that port.
     *
     * @param members the member list this node was started with
     */
    public List<ClusterMember> listeningOutside(List<ClusterMember> members) {
        Set<String> inside = new HashSet<>();
        for (Member m : hazelcast.getCluster().getMembers()) {
            inside.add(m.getAddress().getHost() + ":" + m.getAddress().getPort());
        }
        List<ClusterMember> out = new ArrayList<>();
        for (ClusterMember m : members) {
            if (!inside.contains(m.toString()) && listening(m)) {
                out.add(m);
            }
        }
        return out;
    }

    private static boolean listening(ClusterMember m) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(m.host(), m.port()), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes Vert.x, then leaves the cluster. */
    @Override
    public void close() {
        try {
            BusCalls.await(vertx.close(), 10_000, "closing Vert.x");
        } finally {
            hazelcast.shutdown();
        }
    }

    /** Announces departed members on the local bus. */
    private final class Departures implements MembershipListener {

        @Override
        public void memberAdded(MembershipEvent e) {
            LOG.info("cluster member joined: {}", e.getMember().getAddress());
        }

        @Override
        public void memberRemoved(MembershipEvent e) {
            // Vert.x keeps its own node id in a member attribute, not the member UUID
            String id = e.getMember().getAttribute(VERTX_NODE_ID);
            id = id != null ? id : e.getMember().getUuid().toString();
            LOG.warn("cluster member {} (node {}) left", e.getMember().getAddress(), id);
            vertx.eventBus().publish(Addresses.NODE_LEFT, id,
                    new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
        }
    }
}
