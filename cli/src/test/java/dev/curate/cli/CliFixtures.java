package dev.curate.cli;

import dev.curate.engine.io.NpyWriter;
import dev.curate.engine.io.TileTable;
import dev.curate.engine.kmeans.VectorSource;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Small hand-made pools, tile tables and store snapshots for the CLI tests. */
final class CliFixtures {

    private CliFixtures() {
    }

    /**
     * Writes {@code blobs * perBlob} 2-D points, row {@code i} in blob {@code i % blobs}; the blob
     * centres lie on a circle of radius 10, the points scatter around them with sigma 0.3.
     */
    static Path writeBlobs(Path file, int blobs, int perBlob, long seed) {
        Random random = new Random(seed);
        int rows = blobs * perBlob;
        float[] data = new float[rows * 2];
        for (int i = 0; i < rows; i++) {
            double angle = 2 * Math.PI * (i % blobs) / blobs;
            data[2 * i] = (float) (10 * Math.cos(angle) + 0.3 * random.nextGaussian());
            data[2 * i + 1] = (float) (10 * Math.sin(angle) + 0.3 * random.nextGaussian());
        }
        NpyWriter.writeFloat32(file, data, rows, 2);
        return file;
    }

    /** Writes a per-tile table {@code slide_id,tile_x,tile_y}: 100 tiles per slide. */
    static Path writeTileCsv(Path file, int rows) throws IOException {
        StringBuilder csv = new StringBuilder("slide_id,tile_x,tile_y\n");
        for (int i = 0; i < rows; i++) {
            csv.append("slide_").append(i / 100).append(',').append(i % 10 * 224).append(',')
                    .append(i / 10 % 10 * 224).append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    /** Reads an int64 vector {@code .npy} (version 1 header, little endian). */
    static long[] readInt64(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Short.toUnsignedInt(bytes.getShort(8));
        String header = new String(bytes.array(), 10, headerLength, StandardCharsets.ISO_8859_1);
        if (!header.contains("'<i8'") || bytes.get(6) != 1) {
            throw new IllegalStateException(file + " is not a v1 int64 .npy: " + header);
        }
        bytes.position(10 + headerLength);
        long[] values = new long[bytes.remaining() / 8];
        bytes.asLongBuffer().get(values);
        return values;
    }

    /**
     * Returns, for each level, the set of tile sets its clusters cover (a level-2 cluster
     * covers the tiles of its level-1 members), so trees compare independent of label order.
     */
    static List<Set<Set<Long>>> tileSetsPerLevel(ClusterTree tree) {
        List<Set<Set<Long>>> levels = new ArrayList<>();
        List<Set<Long>> below = null;
        for (int l = 1; l <= tree.depth(); l++) {
            TreeLevel level = tree.level(l);
            List<Set<Long>> current = new ArrayList<>();
            for (int c = 0; c < level.clusterCount(); c++) {
                Set<Long> tiles = new HashSet<>();
                for (long i = level.offsets()[c]; i < level.offsets()[c + 1]; i++) {
                    long member = level.members()[(int) i];
                    if (below == null) {
                        tiles.add(member);
                    } else {
                        tiles.addAll(below.get((int) member));
                    }
                }
                current.add(tiles);
            }
            levels.add(new HashSet<>(current));
            below = current;
        }
        return levels;
    }

    /**
     * What a store holds: every kept vector, the tile table's columns and the tree's tile
     * sets per level (empty when there is no tree).
     *
     * @param tileCount the store's tile count
     * @param vectors the kept rows, row-major
     * @param tiles the tile table's columns as lists, for value equality
     * @param tree the tile sets per level
     */
    record StoreSnapshot(long tileCount, List<Float> vectors, List<Object> tiles,
            List<Set<Set<Long>>> tree) {

        static StoreSnapshot of(Path dir) {
            try (TileStore store = TileStore.open(dir)) {
                List<Float> vectors = new ArrayList<>();
                if (store.hasEmbeddings()) {
                    VectorSource source = store.vectors();
                    float[] row = new float[source.dim()];
                    for (long r = 0; r < source.rows(); r++) {
                        source.readRow(r, row, 0);
                        for (float v : row) {
                            vectors.add(v);
                        }
                    }
                }
                TileTable t = store.tileTable();
                List<Object> tiles = List.of(t.slideIds(), boxed(t.slideOfTile()),
                        boxed(t.tileX()), boxed(t.tileY()));
                List<Set<Set<Long>>> tree = store.tree().map(CliFixtures::tileSetsPerLevel)
                        .orElse(List.of());
                return new StoreSnapshot(store.tileCount(), vectors, tiles, tree);
            }
        }

        private static List<Integer> boxed(int[] values) {
            return values == null ? List.of() : Arrays.stream(values).boxed().toList();
        }
    }
}
