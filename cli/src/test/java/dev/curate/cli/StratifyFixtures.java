package dev.curate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small tree CSVs and folder snapshots for the stratify command tests. */
final class StratifyFixtures {

    private StratifyFixtures() {
    }

    /**
     * Writes {@code slides} slides of 100..299 tiles with two levels: level_1 in 0..23 constant
     * over runs of 1..40 tiles, level_2 = level_1 mod 6, seeded.
     */
    static Path writeTree(Path file, int slides, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("slide_id,tile_x,tile_y,level_1,level_2\n");
        for (int k = 0; k < slides; k++) {
            int tiles = 100 + rng.nextInt(200);
            int label = 0;
            int left = 0;
            for (int i = 0; i < tiles; i++) {
                if (left == 0) {
                    label = rng.nextInt(24);
                    left = 1 + rng.nextInt(40);
                }
                left--;
                csv.append("slide-").append(k).append(',').append(i % 50 * 224).append(',')
                        .append(i / 50 * 224).append(',').append(label).append(',')
                        .append(label % 6).append('\n');
            }
        }
        try {
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Returns every file of a folder by name with its text, or an empty map when missing. */
    static TreeMap<String, String> snapshot(Path dir) {
        TreeMap<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
