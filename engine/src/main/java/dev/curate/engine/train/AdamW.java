package dev.curate.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019, arXiv 1711.05101, algorithm 2): Adam moments with bias
 * correction and weight decay decoupled from the gradient, {@code p -= lr (m^ / (sqrt(v^) +
 * eps) + wd p)}, after clipping each parameter's gradient to an L2 norm of 3 (DINO's
 * {@code clip_grad}). Weight decay applies to weights only, not to biases, norms, the CLS
 * token or the positions (as DINO excludes biases and norms).
 *
 * <p>Written here rather than using DJL's optimiser because the run schedules the weight decay
 * per step and checkpoints the moments, and DJL's {@code Adam} exposes neither. Updates run
 * outside any gradient collector and in place. Not thread-safe; owned by the trainer.
 */
final class AdamW {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;
    /** Largest gradient L2 norm per parameter, as DINO's {@code clip_grad} of 3.0. */
    static final float CLIP_NORM = 3f;

    private final List<Parameter> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private long updates;

    /**
     * Creates zero moments for every parameter.
     *
     * @param manager owner of the moment arrays
     * @param parameters the trained parameters, in a fixed order
     */
    AdamW(NDManager manager, List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        for (Parameter p : parameters) {
            firstMoments.add(manager.zeros(p.getArray().getShape()));
            secondMoments.add(manager.zeros(p.getArray().getShape()));
        }
    }

    /**
     * Applies one update from the parameters' gradients and zeroes the gradients.
     * Call inside an {@code NDScope} so the temporaries are freed.
     *
     * @param lr learning rate
     * @param weightDecay decoupled weight decay
     */
    void step(double lr, double weightDecay) {
        updates++;
        float correction1 = (float) (1 - Math.pow(BETA1, updates));
        float correction2 = (float) (1 - Math.pow(BETA2, updates));
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            NDArray w = p.getArray();
            NDArray grad = w.getGradient();
            NDArray g = clipped(grad);
            NDArray m = firstMoments.get(i).muli(BETA1).addi(g.mul(1 - BETA1));
            NDArray v = secondMoments.get(i).muli(BETA2).addi(g.square().mul(1 - BETA2));
            NDArray update = m.div(correction1).div(v.div(correction2).sqrt().add(EPS));
            if (p.getType() == Parameter.Type.WEIGHT) {
                update = update.add(w.mul((float) weightDecay));
            }
            w.subi(update.mul((float) lr));
            grad.subi(grad);
        }
    }

    /** Scales a gradient down to {@link #CLIP_NORM} when its L2 norm is larger. */
    private static NDArray clipped(NDArray grad) {
        float norm = grad.square().sum().sqrt().getFloat();
        return norm > CLIP_NORM ? grad.mul(CLIP_NORM / (norm + 1e-6f)) : grad;
    }

    /** Returns the number of updates applied (Adam's bias-correction step count). */
    long updates() {
        return updates;
    }

    /** Returns the moments, first moments then second moments, for a checkpoint. */
    NDList state() {
        NDList list = new NDList();
        list.addAll(firstMoments);
        list.addAll(secondMoments);
        return list;
    }

    /**
     * Restores moments and the update count from a checkpoint.
     *
     * @param state what {@link #state} returned
     * @param updateCount the update count at that time
     * @throws IllegalArgumentException if the moments do not match the parameters
     */
    void restore(NDList state, long updateCount) {
        int n = parameters.size();
        if (state.size() != 2 * n) {
            throw new IllegalArgumentException("optimizer state holds " + state.size()
                    + " arrays, expected " + 2 * n + " (2 per parameter)");
        }
        for (int i = 0; i < 2 * n; i++) {
            List<NDArray> target = i < n ? firstMoments : secondMoments;
            NDArray into = target.get(i % n);
            NDArray from = state.get(i);
            if (!into.getShape().equals(from.getShape())) {
                throw new IllegalArgumentException("optimizer moment " + i + " has shape "
                        + from.getShape() + ", parameter " + parameters.get(i % n).getName()
                        + " needs " + into.getShape());
            }
            into.subi(into).addi(from);
        }
        this.updates = updateCount;
    }
}
