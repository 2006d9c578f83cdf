package dev.curate.engine.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoint folder layout: {@code <root>/step-<n>/} per checkpoint and a {@code LATEST}
 * file naming the newest complete one. A checkpoint is written into a hidden temporary folder
 * and renamed when complete, then {@code LATEST} is replaced by a rename, so a run killed at
 * any moment leaves the previous checkpoint readable. The two newest checkpoints are kept.
 */
final class Checkpoints {

    /** The file naming the newest complete checkpoint folder. */
    static final String LATEST = "LATEST";
    private static final int KEEP = 2;

    /** Writes the files of one checkpoint into an empty folder. */
    @FunctionalInterface
    interface Writer {
        void writeInto(Path dir) throws IOException;
    }

    private Checkpoints() {
    }

    /**
     * Writes checkpoint {@code step} under {@code root} atomically and returns its folder.
     *
     * @throws UncheckedIOException if writing fails; the previous checkpoint is untouched
     */
    static Path write(Path root, long step, Writer writer) {
        String name = String.format("step-%09d", step);
        Path done = root.resolve(name);
        Path tmp = root.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(root);
            deleteTree(tmp);
            Files.createDirectories(tmp);
            writer.writeInto(tmp);
            deleteTree(done);
            move(tmp, done);
            Path pointer = root.resolve("." + LATEST + ".tmp");
            Files.writeString(pointer, name + "\n", StandardCharsets.UTF_8);
            move(pointer, root.resolve(LATEST));
            pruneOlder(root, name);
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + done + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Returns the newest complete checkpoint folder under {@code root}, if any.
     *
     * @throws IllegalArgumentException if {@code LATEST} names a folder that is not there
     */
    static Optional<Path> latest(Path root) {
        Path pointer = root.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            Path dir = root.resolve(name);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("checkpoint pointer " + pointer + " names '"
                        + name + "', which is not a folder in " + root);
            }
            return Optional.of(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes all but the newest {@code KEEP - 1} checkpoints older than {@code keep}. */
    private static void pruneOlder(Path root, String keep) throws IOException {
        List<Path> older;
        try (Stream<Path> list = Files.list(root)) {
            older = list.filter(p -> isStepFolder(p) && p.getFileName().toString()
                            .compareTo(keep) < 0)
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString())
                            .reversed())
                    .toList();
        }
        for (int i = KEEP - 1; i < older.size(); i++) {
            deleteTree(older.get(i));
        }
    }

    private static boolean isStepFolder(Path p) {
        return p.getFileName().toString().startsWith("step-") && Files.isDirectory(p);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
