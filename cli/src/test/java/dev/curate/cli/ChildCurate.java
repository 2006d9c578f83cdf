package dev.curate.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code curate} command in a child JVM with this test's class path; its output lines are
 * collected as they come. The test must {@link #destroy} it (in {@code @AfterEach}).
 */
final class ChildCurate {

    private final Process process;
    private final String name;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    private ChildCurate(Process process, String name) {
        this.process = process;
        this.name = name;
        Thread reader = new Thread(this::pump, "child-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code curate args...}; stdout and stderr go to one line stream. */
    static ChildCurate start(String name, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CurateCommand.class.getName()));
        cmd.addAll(List.of(args));
        try {
            return new ChildCurate(new ProcessBuilder(cmd).redirectErrorStream(true).start(),
                    name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /** Returns a port that was free a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (all) {
                    all.add(line);
                }
                lines.add(line);
            }
        } catch (IOException closed) {
            // the child was destroyed; its output ends here
        }
    }

    /** Waits for a line matching {@code p}; fails with everything printed so far. */
    String awaitLine(Predicate<String> p, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && p.test(line)) {
                return line;
            }
        }
        throw new AssertionError(name + ": no matching line within " + seconds + " s:\n"
                + output());
    }

    /** Waits for the child to exit and returns its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still running after " + seconds + " s:\n"
                    + output());
        }
        return process.exitValue();
    }

    /** Returns everything printed so far. */
    String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    /** Kills the child at once (SIGKILL), as a crashed machine would stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the child and waits for it. */
    void destroy() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
