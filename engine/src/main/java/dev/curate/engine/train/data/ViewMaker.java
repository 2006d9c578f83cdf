package dev.curate.engine.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Turns a batch of tile references into a {@link ViewBatch}: reads each tile, skips and counts
 * the missing ones, and augments the rest. The views of a batch depend only on the seed and
 * the batch's sequence number, so a resumed run sees the same views as an uninterrupted one.
 *
 * <p>Thread-safe if the image source is; the prefetch thread calls it.
 */
public final class ViewMaker {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final TileImageSource images;
    private final MultiCrop crops;
    private final long seed;

    /**
     * Creates the maker.
     *
     * @param images where tile pixels come from
     * @param crops the augmentation
     * @param seed random seed of the augmentation
     */
    public ViewMaker(TileImageSource images, MultiCrop crops, long seed) {
        this.images = images;
        this.crops = crops;
        this.seed = seed;
    }

    /**
     * Reads and augments one batch.
     *
     * @param batch the tile references
     * @return the views of the tiles that were found
     */
    public ViewBatch make(TileBatch batch) {
        List<TileImage> found = new ArrayList<>(batch.size());
        for (TileRef ref : batch.tiles()) {
            Optional<TileImage> image = images.read(ref);
            image.ifPresent(found::add);
        }
        CropParams p = crops.params();
        int n = found.size();
        int g = 3 * p.globalCropPx() * p.globalCropPx();
        int l = 3 * p.localCropPx() * p.localCropPx();
        float[] globals = new float[CropParams.GLOBAL_CROPS * n * g];
        float[] locals = new float[p.localCrops() * n * l];
        // one generator per batch, so views depend on the batch and not on what came before
        SplittableRandom random = new SplittableRandom(seed + batch.sequence() * GOLDEN);
        for (int i = 0; i < n; i++) {
            TileImage tile = found.get(i);
            for (int v = 0; v < CropParams.GLOBAL_CROPS; v++) {
                crops.globalView(tile, random, globals, (v * n + i) * g);
            }
            for (int v = 0; v < p.localCrops(); v++) {
                crops.localView(tile, random, locals, (v * n + i) * l);
            }
        }
        return new ViewBatch(batch, n, batch.size() - n, globals, locals);
    }
}
