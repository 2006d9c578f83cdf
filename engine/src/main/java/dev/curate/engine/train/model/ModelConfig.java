package dev.curate.engine.train.model;

/**
 * Sizes of the student and teacher networks.
 *
 * <p>Global crops are {@code globalCropPx} square and cut into a grid of
 * {@code g = globalCropPx / patchPx} patches per side; local crops give a grid of
 * {@code l = localCropPx / patchPx}, and {@code g} must be a multiple of {@code l} so that
 * the learned position table can be average-pooled to the local grid.
 *
 * @param globalCropPx side of a global crop in pixels, a multiple of {@code patchPx}
 * @param localCropPx side of a local crop in pixels, a multiple of {@code patchPx}
 * @param patchPx side of one patch in pixels, at least 1
 * @param embedDim token width {@code e}, a multiple of {@code heads}
 * @param depth number of transformer encoder blocks, at least 1
 * @param heads attention heads per block, at least 1
 * @param mlpDim hidden width of each block's feed-forward part, at least 1
 * @param headHiddenDim hidden width of the DINO head's MLP, at least 1
 * @param headBottleneckDim width of the L2-normalised bottleneck before the prototypes
 * @param prototypes number of prototypes {@code k}, the head's output width
 */
public record ModelConfig(int globalCropPx, int localCropPx, int patchPx, int embedDim,
        int depth, int heads, int mlpDim, int headHiddenDim, int headBottleneckDim,
        int prototypes) {

    /** Validates the sizes; see the record's documentation for the rules. */
    public ModelConfig {
        requirePositive("patchPx", patchPx);
        requirePositive("embedDim", embedDim);
        requirePositive("depth", depth);
        requirePositive("heads", heads);
        requirePositive("mlpDim", mlpDim);
        requirePositive("headHiddenDim", headHiddenDim);
        requirePositive("headBottleneckDim", headBottleneckDim);
        requirePositive("prototypes", prototypes);
        if (globalCropPx < patchPx || globalCropPx % patchPx != 0
                || localCropPx < patchPx || localCropPx % patchPx != 0) {
            throw new IllegalArgumentException("crop sizes " + globalCropPx + " px (global) and "
                    + localCropPx + " px (local) must be multiples of the patch size "
                    + patchPx + " px");
        }
        if ((globalCropPx / patchPx) % (localCropPx / patchPx) != 0) {
            throw new IllegalArgumentException("global grid " + globalCropPx / patchPx
                    + " patches must be a multiple of the local grid " + localCropPx / patchPx
                    + " (global " + globalCropPx + " px, local " + localCropPx + " px)");
        }
        if (embedDim % heads != 0) {
            throw new IllegalArgumentException("embedDim " + embedDim
                    + " must be a multiple of heads " + heads);
        }
    }

    /**
     * Returns the CPU default: 64 px global and 32 px local crops of 8 px patches, a 192 wide,
     * 6 deep, 3 head encoder (ViT-Tiny's width and heads at half its depth), and a head of
     * 512 / 128 / 1024.
     */
    public static ModelConfig cpuDefault() {
        return new ModelConfig(64, 32, 8, 192, 6, 3, 768, 512, 128, 1024);
    }

    /** Returns a tiny network for tests: 32 / 16 px crops, width 32, depth 1, 64 prototypes. */
    public static ModelConfig tiny() {
        return new ModelConfig(32, 16, 8, 32, 1, 2, 64, 64, 32, 64);
    }

    /** Returns the number of patches per side of a global crop. */
    public int globalGrid() {
        return globalCropPx / patchPx;
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("model " + name + " is " + value
                    + ", expected at least 1");
        }
    }
}
