package dev.curate.verticles.kmeans;

import dev.curate.engine.tree.ClusterTree;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest finished tree of this JVM's coordinator, shared with the verticles that answer
 * questions about it (sampling, cluster members). Safe to use from any thread.
 */
public final class TreeHolder {

    private final AtomicReference<ClusterTree> tree = new AtomicReference<>();

    /** Returns the latest finished tree, or empty before the first run ends. */
    public Optional<ClusterTree> tree() {
        return Optional.ofNullable(tree.get());
    }

    /** Replaces the tree with a newly finished one. */
    public void set(ClusterTree finished) {
        tree.set(finished);
    }
}
