package dev.curate.engine.train.eval;

import dev.curate.engine.io.NpyWriter;
import dev.curate.engine.train.DinoTrainer;
import dev.curate.engine.train.data.MultiCrop;
import dev.curate.engine.train.data.TileImage;
import dev.curate.engine.train.data.TileImageSource;
import dev.curate.engine.train.data.TileRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds tiles with a trained run's teacher: each tile resized whole to the global crop side,
 * CLS features of the teacher backbone. Missing tiles are counted and left out; the row order
 * is kept in a separate index array. Single-threaded (the trainer's networks are).
 */
public final class TileEmbedder {

    /** File of the {@code rows x dim} float32 features. */
    public static final String EMBEDDINGS = "embeddings.npy";
    /** File of the int64 global tile index of each row. */
    public static final String TILE_INDICES = "tile_indices.npy";

    private static final Logger LOG = LoggerFactory.getLogger(TileEmbedder.class);

    private final DinoTrainer trainer;
    private final MultiCrop views;
    private final int batchSize;

    /**
     * Creates an embedder.
     *
     * @param trainer the run whose teacher embeds (for example one resumed from a checkpoint)
     * @param batchSize tiles per forward pass, at least 1
     */
    public TileEmbedder(DinoTrainer trainer, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("embedding batch size " + batchSize
                    + " must be at least 1");
        }
        this.trainer = trainer;
        this.views = new MultiCrop(trainer.params().crops());
        this.batchSize = batchSize;
    }

    /**
     * Embeds {@code tiles}.
     *
     * @param tiles the tiles, in the order rows should have
     * @param images where their pixels are
     * @return one row per tile found
     */
    public TileEmbeddings embed(List<TileRef> tiles, TileImageSource images) {
        int s = trainer.params().model().globalCropPx();
        int e = trainer.params().model().embedDim();
        int viewSize = 3 * s * s;
        long[] indices = new long[tiles.size()];
        float[] features = new float[tiles.size() * e];
        int rows = 0;
        float[] batch = new float[batchSize * viewSize];
        long[] batchIndices = new long[batchSize];
        int inBatch = 0;
        for (TileRef tile : tiles) {
            Optional<TileImage> image = images.read(tile);
            if (image.isEmpty()) {
                continue;
            }
            views.fullView(image.get(), batch, inBatch * viewSize);
            batchIndices[inBatch++] = tile.tileIndex();
            if (inBatch == batchSize) {
                rows = flush(batch, batchIndices, inBatch, indices, features, rows, e);
                inBatch = 0;
            }
        }
        if (inBatch > 0) {
            rows = flush(batch, batchIndices, inBatch, indices, features, rows, e);
        }
        long missing = tiles.size() - rows;
        if (missing > 0) {
            LOG.warn("{} of {} tiles had no image and are left out of the embeddings", missing,
                    tiles.size());
        }
        return new TileEmbeddings(Arrays.copyOf(indices, rows),
                Arrays.copyOf(features, rows * e), e, missing);
    }

    private int flush(float[] batch, long[] batchIndices, int n, long[] indices,
            float[] features, int rows, int e) {
        float[] out = trainer.teacherFeatures(Arrays.copyOf(batch, n * batch.length / batchSize),
                n);
        System.arraycopy(out, 0, features, rows * e, n * e);
        System.arraycopy(batchIndices, 0, indices, rows, n);
        return rows + n;
    }

    /**
     * Writes {@link #EMBEDDINGS} and {@link #TILE_INDICES} into {@code dir}, each renamed into
     * place when complete.
     *
     * @param embeddings what {@link #embed} returned
     * @param dir the output folder, created when missing
     * @throws UncheckedIOException if writing fails
     */
    public static void write(TileEmbeddings embeddings, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create embedding folder " + dir, e);
        }
        NpyWriter.writeFloat32(dir.resolve(EMBEDDINGS), embeddings.features(), embeddings.rows(),
                embeddings.dim());
        NpyWriter.writeInt64(dir.resolve(TILE_INDICES), embeddings.tileIndices());
    }
}
