package dev.curate.cli;

import dev.curate.verticles.cluster.ClusterMember;
import dev.curate.verticles.cluster.ClusterNode;
import java.util.List;

/** Checks run right after joining, shared by node and launch. */
final class ClusterChecks {

    /** How long a listed member may listen without joining before it counts as foreign. */
    private static final long GRACE_MS = 8_000;

    private ClusterChecks() {
    }

    /**
     * Fails when a listed member listens on its port but stays outside this cluster (it runs
     * under another cluster name), after a grace period for members still joining.
     */
    static void refuseStrangers(ClusterNode node, ClusterOptions options, ClusterMember self) {
        long deadline = System.currentTimeMillis() + GRACE_MS;
        List<ClusterMember> strangers = node.listeningOutside(options.memberList());
        while (!strangers.isEmpty() && System.currentTimeMillis() < deadline) {
            sleep(500);
            strangers = node.listeningOutside(options.memberList());
        }
        if (!strangers.isEmpty()) {
            node.close();
            throw new IllegalStateException("member " + self + " cannot join cluster '"
                    + options.cluster + "': " + strangers + " listen but stayed outside it "
                    + "for " + GRACE_MS / 1000 + " s; they run under another --cluster name");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining", e);
        }
    }
}
