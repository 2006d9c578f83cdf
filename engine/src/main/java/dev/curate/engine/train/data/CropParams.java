package dev.curate.engine.train.data;

/**
 * How tiles become training views: two global crops and {@code localCrops} local crops per
 * tile, each a random square region resized, flipped and colour-jittered along the stains.
 *
 * @param globalCropPx output side of a global crop in pixels, at least 1
 * @param localCropPx output side of a local crop in pixels, at least 1
 * @param localCrops local crops per tile, at least 0
 * @param globalScaleMin smallest share of the tile area a global crop covers, (0, 1]
 * @param localScaleMin smallest share of the tile area a local crop covers, (0, localScaleMax]
 * @param localScaleMax largest share of the tile area a local crop covers, (0, 1]
 * @param stainJitter haematoxylin and DAB amounts are each scaled by a factor drawn uniformly
 *     from {@code [1 - stainJitter, 1 + stainJitter]}, 0 to 1
 */
public record CropParams(int globalCropPx, int localCropPx, int localCrops,
        float globalScaleMin, float localScaleMin, float localScaleMax, float stainJitter) {

    /** Number of global crops per tile, as in DINO. */
    public static final int GLOBAL_CROPS = 2;

    /** Validates the ranges given in the record's documentation. */
    public CropParams {
        if (globalCropPx < 1 || localCropPx < 1 || localCrops < 0) {
            throw new IllegalArgumentException("crop sizes " + globalCropPx + " / "
                    + localCropPx + " px must be at least 1 and local crops " + localCrops
                    + " at least 0");
        }
        if (!(globalScaleMin > 0 && globalScaleMin <= 1 && localScaleMin > 0
                && localScaleMin <= localScaleMax && localScaleMax <= 1)) {
            throw new IllegalArgumentException("crop scales must satisfy 0 < globalScaleMin <= 1 "
                    + "and 0 < localScaleMin <= localScaleMax <= 1; got " + globalScaleMin + ", "
                    + localScaleMin + ", " + localScaleMax);
        }
        if (!(stainJitter >= 0 && stainJitter <= 1)) {
            throw new IllegalArgumentException("stain jitter " + stainJitter
                    + " must be in [0, 1]");
        }
    }

    /**
     * Returns DINO's scales (global 0.4-1, local 0.05-0.4 of the area; here local from 0.1
     * because tiles are small) with 4 local crops and a 10 % stain jitter.
     *
     * @param globalCropPx output side of a global crop
     * @param localCropPx output side of a local crop
     */
    public static CropParams defaults(int globalCropPx, int localCropPx) {
        return new CropParams(globalCropPx, localCropPx, 4, 0.4f, 0.1f, 0.4f, 0.1f);
    }

    /** Returns the number of views per tile: the global crops plus the local ones. */
    public int views() {
        return GLOBAL_CROPS + localCrops;
    }
}
