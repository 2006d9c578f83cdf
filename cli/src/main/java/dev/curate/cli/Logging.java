package dev.curate.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code -v} option shared by every subcommand: WARN by default, {@code -v} INFO,
 * {@code -vv} DEBUG (and stack traces on failure), {@code -vvv} TRACE. Below {@code -vv} log
 * lines carry no stack traces (logback.xml) and the cluster libraries log errors only, since
 * curate reports a failed join or a lost node itself; {@code -vv} shows all of it.
 */
public final class Logging {

    /** Cluster libraries whose routine warnings (a member leaving, migrations) stay quiet. */
    private static final String[] CLUSTER_LOGGERS = {"com.hazelcast",
        "io.vertx.spi.cluster.hazelcast"};

    private static final String TRACE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

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
        if (verbosity >= 2) {
            for (String name : CLUSTER_LOGGERS) {
                ((Logger) LoggerFactory.getLogger(name)).setLevel(level);
            }
            showStackTraces();
        }
    }

    /** Swaps the console pattern for one that prints the stack trace of a logged error. */
    private static void showStackTraces() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> console) {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(TRACE_PATTERN);
            encoder.start();
            console.setEncoder(encoder);
        }
    }

    /** Returns whether failures should print their stack trace ({@code -vv} or more). */
    static boolean stackTraces() {
        return verbosity >= 2;
    }
}
