package dev.curate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code -v} option shared by every subcommand: WARN by default, {@code -v} INFO,
 * {@code -vv} DEBUG (and stack traces on failure), {@code -vvv} TRACE.
 */
public final class Logging {

    private static volatile int verbosity;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "More log output: -v info, -vv debug with stack traces, -vvv trace.")
    void setVerbose(boolean[] flags) {
        verbosity = flags.length;
        Level level = switch (verbosity) {
            case 0 -> Level.WARN;
            case 1 -> Level.INFO;
            case 2 -> Level.DEBUG;
            default -> Level.TRACE;
        };
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }

    /** Returns whether failures should print their stack trace ({@code -vv} or more). */
    static boolean stackTraces() {
        return verbosity >= 2;
    }
}
