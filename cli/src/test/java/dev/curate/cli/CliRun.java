package dev.curate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * One run of the {@code curate} command line in this JVM, with its exit code and what it
 * printed on standard output and standard error.
 *
 * @param exitCode the exit code {@link CurateCommand#commandLine()} mapped the run to
 * @param out what the run printed on standard output
 * @param err what the run printed on standard error
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code curate args...} and captures its output. */
    static CliRun of(String... args) {
        CommandLine cli = CurateCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Returns the repository root (the cli module runs its tests from {@code <repo>/cli}). */
    static Path repo() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    /** Returns the shipped demo config. */
    static Path demoConfig() {
        return repo().resolve("configs").resolve("demo.yaml");
    }

    /** Describes the run, for assertion messages. */
    String describe() {
        return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
}
