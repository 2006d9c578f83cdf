package dev.curate.engine.demo;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.kmeans.FloatMatrix;
import java.util.Objects;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's embedding pool: every demo tile, its {@link HistologyDescriptor} standardised per
 * feature over the whole set, and the tile table that names each tile's slide and position.
 * Row {@code t} of {@code vectors} and of {@code tileTable} is tile {@code t} of {@code tiles}.
 *
 * @param tiles the tile set, which also renders any tile for thumbnails
 * @param vectors {@code tileCount x} {@link HistologyDescriptor#DIM} z-scored descriptors
 * @param tileTable one slide per transform; coordinates are crop corners in the original image
 */
public record DemoEmbeddings(DemoTiles tiles, FloatMatrix vectors, TileTable tileTable) {

    private static final Logger LOG = LoggerFactory.getLogger(DemoEmbeddings.class);

    /**
     * Checks that the three parts describe the same number of tiles.
     *
     * @param tiles the tile set
     * @param vectors one descriptor row per tile
     * @param tileTable one entry per tile
     * @throws IllegalArgumentException if the counts differ
     */
    public DemoEmbeddings {
        Objects.requireNonNull(tiles, "tiles");
        Objects.requireNonNull(vectors, "vectors");
        Objects.requireNonNull(tileTable, "tileTable");
        if (vectors.rowCount() != tiles.tileCount()
                || tileTable.tileCount() != tiles.tileCount()) {
            throw new IllegalArgumentException(tiles.tileCount() + " demo tiles, but "
                    + vectors.rowCount() + " vectors and " + tileTable.tileCount()
                    + " tile table rows");
        }
    }

    /**
     * Builds the default demo pool: 6,728 tiles of the classpath image, 64 features each.
     *
     * @return the pool
     * @throws IllegalStateException if the demo image cannot be loaded
     */
    public static DemoEmbeddings build() {
        return build(DemoTiles.load());
    }

    /**
     * Describes every tile of {@code tiles} and standardises the features over the set.
     * Runs on the common fork-join pool; the result does not depend on the thread count.
     *
     * @param tiles the tile set, tiles at least {@link HistologyDescriptor#MIN_TILE_SIZE_PX}
     * @return the pool
     */
    public static DemoEmbeddings build(DemoTiles tiles) {
        // LIMIT: the 8 transforms of one crop differ only in the 8 orientation features, so a
        // crop with no or dihedrally symmetric texture (blank glass) gives 8 rows equal up to
        // rounding; the demo image has none (closest pair 0.18 apart in z-scores).
        long start = System.nanoTime();
        FloatMatrix vectors = describeAll(tiles);
        int constant = HistologyDescriptor.standardizeColumns(vectors);
        LOG.info("demo embeddings: {} tiles of {} px on {} slides, d={}, {} constant features,"
                + " {} ms", tiles.tileCount(), tiles.tileSizePx(), tiles.slideIds().size(),
                HistologyDescriptor.DIM, constant, (System.nanoTime() - start) / 1_000_000);
        return new DemoEmbeddings(tiles, vectors, tiles.tileTable());
    }

    /**
     * Returns the raw (not standardised) descriptors of every tile, one row per tile.
     *
     * @param tiles the tile set, tiles at least {@link HistologyDescriptor#MIN_TILE_SIZE_PX}
     * @return a new {@code tileCount x} {@link HistologyDescriptor#DIM} matrix
     */
    public static FloatMatrix describeAll(DemoTiles tiles) {
        HistologyDescriptor descriptor = new HistologyDescriptor();
        int d = HistologyDescriptor.DIM;
        float[] data = new float[tiles.tileCount() * d];
        IntStream.range(0, tiles.tileCount())
                .parallel()
                .forEach(t -> descriptor.describe(tiles.renderRgb(t), tiles.tileSizePx(),
                        data, t * d));
        return new FloatMatrix(data, tiles.tileCount(), d);
    }
}
