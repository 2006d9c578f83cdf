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
    private final int patches;

    /**
     * Creates the maker.
     *
     * @param images where tile pixels come from
     * @param crops the augmentation
     * @param seed random seed of the augmentation
     * @param patches patches per global view to draw iBOT masks for; 0 draws none
     */
    public ViewMaker(TileImageSource images, MultiCrop crops, long seed, int patches) {
        this.images = images;
        this.crops = crops;
        this.seed = seed;
        this.patches = patches;
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
        float[] masks = new float[CropParams.GLOBAL_CROPS * n * patches];
        SplittableRandom maskRandom = new SplittableRandom(seed - batch.sequence() * GOLDEN);
        for (int v = 0; v < CropParams.GLOBAL_CROPS * n; v++) {
            drawMask(maskRandom, masks, v * patches);
        }
        return new ViewBatch(batch, n, batch.size() - n, globals, locals, masks);
    }

    /**
     * Masks half of the views (iBOT's probability 0.5), each at a ratio drawn uniformly from
     * [0.1, 0.5] of its patches, at random positions.
     */
    private void drawMask(SplittableRandom random, float[] masks, int offset) {
        if (patches == 0 || !random.nextBoolean()) {
            return;
        }
        int count = Math.max(1, (int) Math.round(patches * (0.1 + 0.4 * random.nextDouble())));
        for (int i = 0; i < count; i++) {
            // the pick-th patch not yet masked: distinct positions, uniformly
            int pick = random.nextInt(patches - i);
            int seen = -1;
            for (int p = 0; p < patches; p++) {
                if (masks[offset + p] == 0 && ++seen == pick) {
                    masks[offset + p] = 1;
                    break;
                }
            }
        }
    }
}
