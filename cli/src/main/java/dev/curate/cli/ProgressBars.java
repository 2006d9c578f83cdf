package dev.curate.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars for long stages, drawn on standard error so standard output stays clean. */
final class ProgressBars {

    private ProgressBars() {
    }

    /**
     * Starts a bar for {@code task} going to {@code max} units named {@code unit}.
     * Close it (try-with-resources) when the stage ends.
     */
    static ProgressBar start(String task, long max, String unit) {
        ProgressBarBuilder builder = new ProgressBarBuilder();
        if (System.console() == null) {
            // Not a terminal (a log file, CI): carriage-return redraws would only garble it.
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> { }));
            return builder.setTaskName(task).setInitialMax(max).build();
        }
        return builder
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .build();
    }
}
