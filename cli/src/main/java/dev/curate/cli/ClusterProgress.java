package dev.curate.cli;

import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.IterationStats;
import dev.curate.engine.kmeans.LevelStats;
import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;

/**
 * Shows a hierarchical k-means run: a progress bar of Lloyd iterations per level, then one line
 * of cluster-size statistics per finished level on standard output.
 */
final class ClusterProgress implements HierarchyListener, AutoCloseable {

    private final StringBuilder levelLines = new StringBuilder();
    private final PrintWriter out;
    private ProgressBar bar;

    /** Creates a display that prints its per-level lines to {@code out}. */
    ClusterProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onLevelStart(int level, int levels, long inputs, int clusters) {
        close();
        bar = ProgressBars.start(String.format("level %d/%d k=%d", level, levels, clusters),
                -1, "it");
    }

    @Override
    public void onIteration(int level, int step, IterationStats stats) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(" objective %.4g, empty %d",
                    stats.objective(), stats.emptyClusters()));
        }
    }

    @Override
    public void onLevelEnd(LevelStats s) {
        close();
        String line = String.format("level %d/%d: %,d inputs -> %,d clusters (%d empty dropped),"
                + " sizes min %d / median %d / max %d, objective %.4g, %.1f s",
                s.level(), s.levels(), s.inputs(), s.clusters(), s.emptyDropped(), s.minSize(),
                s.medianSize(), s.maxSize(), s.objective(), s.seconds());
        out.println(line);
        levelLines.append(line).append('\n');
    }

    /** Returns the per-level lines printed so far, for the run's record in the store. */
    String levelLines() {
        return levelLines.toString();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
