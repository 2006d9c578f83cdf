package dev.curate.engine.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Output folders that appear whole or not at all: a job writes into a hidden temporary sibling
 * of its target and {@link #publish publishes} it by renaming once every file is complete. An
 * existing good folder is moved aside only after the new one is complete, and restored if the
 * final rename fails.
 *
 * <p>Stateless; concurrent jobs with different targets are safe.
 */
public final class OutputFolders {

    private OutputFolders() {
    }

    /**
     * Checks that {@code out} may receive a new output folder.
     *
     * @param out the target folder
     * @param replace whether a non-empty {@code out} may be replaced
     * @param what the kind of output, for messages ("export", "metadata sample")
     * @throws IllegalArgumentException when {@code out} is a file, or holds files and
     *     {@code replace} is not set
     */
    public static void checkTarget(Path out, boolean replace, String what) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException(what + " target " + out
                    + " is a file, expected a folder");
        }
        if (!replace && Files.isDirectory(out) && !isEmptyDir(out)) {
            throw new IllegalArgumentException(what + " folder " + out
                    + " exists and is not empty; choose another folder or replace it (--replace)");
        }
    }

    /** Returns a fresh hidden temporary sibling of {@code out}, not yet created. */
    public static Path temporarySibling(Path out) {
        Path abs = out.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".partial-" + System.nanoTime());
    }

    /**
     * Renames the finished {@code tmp} to {@code out}; an old {@code out} is deleted only once
     * the new folder is in place.
     *
     * @param tmp the complete temporary folder
     * @param out the target folder
     * @throws IOException when a rename fails; {@code out} then holds what it held before
     */
    public static void publish(Path tmp, Path out) throws IOException {
        Path old = null;
        if (Files.isDirectory(out)) {
            old = out.resolveSibling("." + out.getFileName() + ".old-" + System.nanoTime());
            Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, out, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old, null);
        }
    }

    /**
     * Deletes a folder and its content; does nothing when it does not exist.
     *
     * @param dir the folder
     * @param cause the failure being cleaned up after, which receives deletion failures as
     *     suppressed exceptions; {@code null} to throw them
     * @throws UncheckedIOException when deletion fails and {@code cause} is {@code null}
     */
    public static void deleteTree(Path dir, Exception cause) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            if (cause == null) {
                throw new UncheckedIOException("cannot delete " + dir, e);
            }
            cause.addSuppressed(e);
        }
    }

    private static boolean isEmptyDir(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
