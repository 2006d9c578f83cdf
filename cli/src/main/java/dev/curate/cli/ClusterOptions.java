package dev.curate.cli;

import dev.curate.verticles.cluster.ClusterMember;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --cluster}, {@code --members} and {@code --member} options of node and launch. */
final class ClusterOptions {

    @Option(names = "--cluster", required = true, paramLabel = "NAME",
            description = "Cluster name; members with another name never join.")
    String cluster;

    @Option(names = "--members", required = true, split = ",", paramLabel = "HOST:PORT,...",
            description = "Hazelcast address of every member (nodes and launcher), e.g. "
                    + "127.0.0.1:5701,127.0.0.1:5702.")
    List<String> members;

    @Option(names = "--join-timeout-s", defaultValue = "30", paramLabel = "S",
            description = "Seconds to wait for the cluster and its shards "
                    + "(default: ${DEFAULT-VALUE}).")
    int joinTimeoutS;

    /** Returns the parsed member list. */
    List<ClusterMember> memberList() {
        return members.stream().map(ClusterMember::parse).toList();
    }
}
