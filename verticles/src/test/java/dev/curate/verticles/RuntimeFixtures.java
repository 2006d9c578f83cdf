package dev.curate.verticles;

import dev.curate.engine.accel.AssignBackend;
import dev.curate.engine.accel.Backends;
import dev.curate.engine.io.NpyWriter;
import dev.curate.engine.kmeans.HierarchicalKMeans;
import dev.curate.engine.kmeans.HierarchyListener;
import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.InitMethod;
import dev.curate.engine.kmeans.LevelParams;
import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.store.Ingest;
import dev.curate.engine.store.IngestListener;
import dev.curate.engine.store.IngestOptions;
import dev.curate.engine.store.TileStore;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assertions;

/** A small seeded pool in a store, its engine tree, and store copies for shards. */
public final class RuntimeFixtures {

    /** Rows of the pool: 12 slides of 100 tiles. */
    public static final int ROWS = 1200;

    /** Dimension of the pool. */
    public static final int DIM = 8;

    private RuntimeFixtures() {
    }

    /** Two levels with resampling on level 1, k-means++ init, seed 7. */
    public static HierarchyParams params() {
        return new HierarchyParams(List.of(new LevelParams(12, 3, 20, 1, 10),
                new LevelParams(3, 1, 1, 1, 10)), SamplingStrategy.CLOSEST,
                InitMethod.KMEANS_PLUS_PLUS, 7L);
    }

    /**
     * Writes a mixture of 6 Gaussian blobs (seed 11) with 12 slides and ingests it into
     * {@code dir/store}.
     *
     * @return the store folder
     */
    public static Path ingestPool(Path dir) {
        Random rnd = new Random(11);
        float[] centres = new float[6 * DIM];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) (rnd.nextGaussian() * 5);
        }
        float[] data = new float[ROWS * DIM];
        for (int r = 0; r < ROWS; r++) {
            int blob = rnd.nextInt(6);
            for (int j = 0; j < DIM; j++) {
                data[r * DIM + j] = centres[blob * DIM + j] + (float) rnd.nextGaussian();
            }
        }
        try {
            Files.createDirectories(dir);
            Path npy = dir.resolve("pool.npy");
            NpyWriter.writeFloat32(npy, data, ROWS, DIM);
            StringBuilder csv = new StringBuilder("slide_id,num_tiles\n");
            for (int s = 0; s < 12; s++) {
                csv.append("slide-").append(s).append(",100\n");
            }
            Path table = dir.resolve("tiles.csv");
            Files.writeString(table, csv);
            Path store = dir.resolve("store");
            try (TileStore ts = TileStore.open(store, 256L << 20)) {
                Ingest.run(ts, List.of(npy), IngestOptions.defaults().withTileTable(table),
                        IngestListener.NONE);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds the engine's tree over the store with the Java backend. */
    public static ClusterTree engineTree(Path store, HierarchyParams params) {
        try (TileStore ts = TileStore.open(store, 256L << 20);
                AssignBackend backend = Backends.select("java", false).backend()) {
            return HierarchicalKMeans.build(ts.vectors(), ts.keptTileIndices(), params, backend,
                    HierarchyListener.NONE);
        }
    }

    /** Copies the store's files to {@code to}, one copy per shard node. */
    public static Path copyStore(Path store, Path to) {
        try {
            Files.createDirectories(to);
            try (var files = Files.list(store)) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that two trees have the same members and centroids at every level. */
    public static void assertSameTree(ClusterTree expected, ClusterTree actual) {
        Assertions.assertEquals(expected.depth(), actual.depth(), "depth");
        Assertions.assertEquals(expected.tileCount(), actual.tileCount(), "tile count");
        for (int l = 1; l <= expected.depth(); l++) {
            TreeLevel e = expected.level(l);
            TreeLevel a = actual.level(l);
            Assertions.assertArrayEquals(e.offsets(), a.offsets(), "offsets of level " + l);
            Assertions.assertArrayEquals(e.members(), a.members(), "members of level " + l);
            Assertions.assertArrayEquals(e.centroids(), a.centroids(),
                    "centroids of level " + l);
        }
    }
}
