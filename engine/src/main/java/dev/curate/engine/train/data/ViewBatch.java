package dev.curate.engine.train.data;

/**
 * The views of one batch, ready for the networks: the tiles that could be read, each seen
 * through two global and {@code localCrops} local crops. Arrays are crop-major: view {@code v}
 * of tile {@code i} starts at {@code (v * tiles + i) * 3 * side^2}, channels first.
 *
 * <p>The arrays are owned by the batch and must not be changed.
 *
 * @param batch the batch the views were made from
 * @param tiles tiles that were read and augmented, {@code batch.size() - missing}
 * @param missing tiles of the batch the image source did not have
 * @param globals {@code 2 * tiles * 3 * globalCropPx^2} floats
 * @param locals {@code localCrops * tiles * 3 * localCropPx^2} floats
 * @param masks per global view and tile, {@code patches} values, 1 where the student's patch is
 *     masked (iBOT), else 0; {@code 2 * tiles * patches} floats, empty without masking
 */
public record ViewBatch(TileBatch batch, int tiles, int missing, float[] globals,
        float[] locals, float[] masks) {
}
