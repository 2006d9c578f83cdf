package dev.curate.engine.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DINO projection head (Caron et al. 2021, arXiv 2104.14294, appendix C): a 3-layer MLP
 * with GELU to a bottleneck, L2 normalisation, then a bias-free linear layer onto the
 * {@code k} prototypes. Input {@code b x e} features, output {@code b x k} logits.
 *
 * <p>The paper's weight normalisation of the last layer is left out. Not thread-safe.
 */
public final class DinoHead extends AbstractBlock {

    private static final float NORM_EPS = 1e-6f;

    private final Linear hidden1;
    private final Linear hidden2;
    private final Linear bottleneck;
    private final Linear prototypes;

    /**
     * Creates the head.
     *
     * @param config network sizes; uses the head widths and the prototype count
     */
    public DinoHead(ModelConfig config) {
        hidden1 = addChildBlock("hidden1", Linear.builder()
                .setUnits(config.headHiddenDim()).build());
        hidden2 = addChildBlock("hidden2", Linear.builder()
                .setUnits(config.headHiddenDim()).build());
        bottleneck = addChildBlock("bottleneck", Linear.builder()
                .setUnits(config.headBottleneckDim()).build());
        prototypes = addChildBlock("prototypes", Linear.builder()
                .setUnits(config.prototypes()).optBias(false).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = Activation.gelu(hidden1.forward(ps, inputs, training));
        x = Activation.gelu(hidden2.forward(ps, x, training));
        NDArray z = bottleneck.forward(ps, x, training).head();
        z = z.div(z.square().sum(new int[] {1}, true).sqrt().maximum(NORM_EPS));
        return prototypes.forward(ps, new NDList(z), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return prototypes.getOutputShapes(bottleneck.getOutputShapes(
                hidden2.getOutputShapes(hidden1.getOutputShapes(new Shape[] {s}))));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType,
            Shape... inputShapes) {
        Shape[] s = inputShapes;
        hidden1.initialize(manager, dataType, s);
        s = hidden1.getOutputShapes(s);
        hidden2.initialize(manager, dataType, s);
        s = hidden2.getOutputShapes(s);
        bottleneck.initialize(manager, dataType, s);
        s = bottleneck.getOutputShapes(s);
        prototypes.initialize(manager, dataType, s);
    }
}
