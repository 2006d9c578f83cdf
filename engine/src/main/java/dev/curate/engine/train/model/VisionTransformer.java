package dev.curate.engine.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.transformer.TransformerEncoderBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.TruncatedNormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Vision Transformer (Dosovitskiy et al. 2021, arXiv 2010.11929, section 3.1): square
 * patches embedded by a strided convolution, a learned CLS token prepended, learned positions
 * added, then DJL {@link TransformerEncoderBlock}s and a final layer norm.
 *
 * <p>Input: {@code b x 3 x s x s} images with {@code s} either the global crop side or a side
 * whose patch grid divides the global grid. For a smaller grid the position table (learned for
 * the global grid) is average-pooled down, a cheap stand-in for the interpolation DINO uses.
 * An optional second input, a {@code b x n} 0/1 mask, replaces the marked patch tokens by a
 * learned mask token before the positions are added (iBOT's masked image modelling).
 * Output: an {@link NDList} of the CLS features ({@code b x e}) and the patch tokens
 * ({@code b x n x e}).
 *
 * <p>DJL's encoder block is post-norm and normalises with batch statistics ({@code BatchNorm}
 * over the token axis), unlike the pre-norm layer-normalised blocks of the paper.
 * LIMIT: the encoder block normalises over the batch, so features of one image depend on the
 * rest of its batch when run with {@code training = true}; embed with {@code training = false}.
 *
 * <p>Not thread-safe: one training loop owns it.
 */
public final class VisionTransformer extends AbstractBlock {

    private final ModelConfig config;
    private final Conv2d patchEmbedding;
    private final List<TransformerEncoderBlock> blocks = new ArrayList<>();
    private final LayerNorm norm;
    private final Parameter clsToken;
    private final Parameter positions;
    private final Parameter maskToken;

    /**
     * Creates the backbone; call {@link #initialize} with a global-crop input shape.
     *
     * @param config network sizes
     */
    public VisionTransformer(ModelConfig config) {
        this.config = config;
        int e = config.embedDim();
        int p = config.patchPx();
        patchEmbedding = addChildBlock("patchEmbedding", Conv2d.builder()
                .setKernelShape(new Shape(p, p))
                .optStride(new Shape(p, p))
                .setFilters(e)
                .build());
        for (int i = 0; i < config.depth(); i++) {
            blocks.add(addChildBlock("encoder" + i, new TransformerEncoderBlock(e,
                    config.heads(), config.mlpDim(), 0f, Activation::gelu)));
        }
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
        int tokens = config.globalGrid() * config.globalGrid();
        clsToken = addParameter(Parameter.builder()
                .setName("clsToken")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1, e))
                .optInitializer(new TruncatedNormalInitializer(0.02f))
                .build());
        positions = addParameter(Parameter.builder()
                .setName("positions")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, tokens + 1, e))
                .optInitializer(new TruncatedNormalInitializer(0.02f))
                .build());
        maskToken = addParameter(Parameter.builder()
                .setName("maskToken")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1, 1, e))
                .optInitializer(new TruncatedNormalInitializer(0.02f))
                .build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray images = inputs.head();
        int grid = gridOf(images.getShape());
        long b = images.getShape().get(0);
        int e = config.embedDim();

        // patches to tokens
        NDArray patches = patchEmbedding.forward(ps, new NDList(images), training).head();
        patches = patches.reshape(b, e, (long) grid * grid).transpose(0, 2, 1);
        if (inputs.size() > 1) {
            patches = maskPatches(ps, patches, inputs.get(1), training);
        }

        // CLS token and positions
        NDArray cls = ps.getValue(clsToken, images.getDevice(), training)
                .broadcast(new Shape(b, 1, e));
        NDArray x = cls.concat(patches, 1).add(positionsFor(ps, grid, images, training));

        // encoder blocks and the final norm
        NDList tokens = new NDList(x);
        for (TransformerEncoderBlock block : blocks) {
            tokens = block.forward(ps, tokens, training);
        }
        NDArray out = norm.forward(ps, tokens, training).head();
        NDArray clsOut = out.get(":, 0, :");
        NDArray patchOut = out.get(":, 1:, :");
        return new NDList(clsOut, patchOut);
    }

    /** Replaces the patch tokens where {@code mask} ({@code b x n}, 0 or 1) is 1. */
    private NDArray maskPatches(ParameterStore ps, NDArray patches, NDArray mask,
            boolean training) {
        if (!mask.getShape().equals(new Shape(patches.getShape().get(0),
                patches.getShape().get(1)))) {
            throw new IllegalArgumentException("patch mask must be b x n = "
                    + patches.getShape().slice(0, 2) + ", got " + mask.getShape());
        }
        NDArray m = mask.expandDims(2);
        NDArray token = ps.getValue(maskToken, patches.getDevice(), training);
        return patches.mul(m.neg().add(1f)).add(m.mul(token));
    }

    /** Returns the position table for a {@code grid x grid} input, pooled when smaller. */
    private NDArray positionsFor(ParameterStore ps, int grid, NDArray images,
            boolean training) {
        NDArray table = ps.getValue(positions, images.getDevice(), training);
        int g = config.globalGrid();
        if (grid == g) {
            return table;
        }
        int e = config.embedDim();
        int f = g / grid;
        NDArray clsPosition = table.get(":, :1, :");
        NDArray patchGrid = table.get(":, 1:, :").transpose(0, 2, 1).reshape(1, e, g, g);
        NDArray pooled = Pool.avgPool2d(patchGrid, new Shape(f, f), new Shape(f, f),
                new Shape(0, 0), false, true);
        NDArray pooledTokens = pooled.reshape(1, e, (long) grid * grid).transpose(0, 2, 1);
        return clsPosition.concat(pooledTokens, 1);
    }

    private int gridOf(Shape shape) {
        int g = config.globalGrid();
        int p = config.patchPx();
        if (shape.dimension() != 4 || shape.get(1) != 3 || shape.get(2) != shape.get(3)
                || shape.get(2) % p != 0 || g % (shape.get(2) / p) != 0) {
            throw new IllegalArgumentException("ViT input must be b x 3 x s x s with s a "
                    + "multiple of the " + p + " px patch whose grid divides the global grid "
                    + g + "; got " + shape);
        }
        return (int) (shape.get(2) / p);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        int grid = gridOf(inputShapes[0]);
        return new Shape[] {new Shape(b, config.embedDim()),
            new Shape(b, (long) grid * grid, config.embedDim())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        Shape images = inputShapes[0];
        patchEmbedding.initialize(manager, dataType, images);
        long b = images.get(0);
        int grid = gridOf(images);
        Shape tokens = new Shape(b, (long) grid * grid + 1, config.embedDim());
        for (TransformerEncoderBlock block : blocks) {
            block.initialize(manager, dataType, tokens);
        }
        norm.initialize(manager, dataType, tokens);
    }
}
