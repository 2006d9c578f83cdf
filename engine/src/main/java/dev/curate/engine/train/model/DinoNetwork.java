package dev.curate.engine.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * One DINO network, student or teacher: the {@link VisionTransformer} backbone and the
 * {@link DinoHead} on its CLS features. Output: CLS features ({@code b x e}), head logits
 * ({@code b x k}) and patch tokens ({@code b x n x e}).
 *
 * <p>Not thread-safe: one training loop owns it.
 */
public final class DinoNetwork extends AbstractBlock {

    /** Index of the CLS features in the output list. */
    public static final int FEATURES = 0;
    /** Index of the head logits in the output list. */
    public static final int LOGITS = 1;
    /** Index of the patch tokens in the output list. */
    public static final int PATCHES = 2;

    private final ModelConfig config;
    private final VisionTransformer backbone;
    private final DinoHead head;

    /**
     * Creates an uninitialised network; see {@link #create}.
     *
     * @param config network sizes
     */
    public DinoNetwork(ModelConfig config) {
        this.config = config;
        backbone = addChildBlock("backbone", new VisionTransformer(config));
        head = addChildBlock("head", new DinoHead(config));
    }

    /**
     * Creates a network and initialises its parameters (Xavier weights, truncated-normal CLS
     * token and positions) from the engine's current random seed.
     *
     * @param manager owner of the parameter arrays
     * @param config network sizes
     * @return the initialised network
     */
    public static DinoNetwork create(NDManager manager, ModelConfig config) {
        DinoNetwork net = new DinoNetwork(config);
        net.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        int s = config.globalCropPx();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, s, s));
        return net;
    }

    /** Returns the network sizes. */
    public ModelConfig config() {
        return config;
    }

    /** Returns the backbone, for embedding tiles without the head. */
    public VisionTransformer backbone() {
        return backbone;
    }

    /**
     * Applies the head to every patch token, for the iBOT term.
     *
     * @param ps the parameter store of the forward pass
     * @param patches {@code b x n x e} patch tokens from the forward output
     * @param training whether this is a training pass
     * @return {@code b x n x k} patch logits
     */
    public NDArray patchLogits(ParameterStore ps, NDArray patches, boolean training) {
        Shape s = patches.getShape();
        NDArray flat = patches.reshape(s.get(0) * s.get(1), s.get(2));
        NDArray logits = head.forward(ps, new NDList(flat), training).head();
        return logits.reshape(s.get(0), s.get(1), config.prototypes());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList features = backbone.forward(ps, inputs, training);
        NDList logits = head.forward(ps, new NDList(features.get(0)), training);
        return new NDList(features.get(0), logits.head(), features.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] f = backbone.getOutputShapes(inputShapes);
        Shape logits = head.getOutputShapes(new Shape[] {f[0]})[0];
        return new Shape[] {f[0], logits, f[1]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        head.initialize(manager, dataType, backbone.getOutputShapes(inputShapes)[0]);
    }
}
