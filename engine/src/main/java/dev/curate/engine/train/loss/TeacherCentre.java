package dev.curate.engine.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The centre subtracted from teacher logits before sharpening (DINO's centring): an exponential
 * moving average {@code c = m c + (1 - m) mean(teacher)} of the mean over every row (and
 * patch) of each step's teacher logits. Kept as {@code k} floats updated on the host, so a
 * step leaves no arrays behind; the array form outlives the step's {@code NDScope}.
 *
 * <p>Owned by one loss; one thread.
 */
final class TeacherCentre implements AutoCloseable {

    private final String name;
    private final int prototypes;
    private final float momentum;
    private final Shape shape;
    private final NDManager manager;
    private NDArray array;

    /**
     * Creates a zero centre.
     *
     * @param name what the centre belongs to, for error messages
     * @param parent manager a sub-manager is made under (closed with this centre)
     * @param shape broadcast shape of the array, {@code k} values in all
     * @param momentum weight of the old centre in an update, 0 to 1
     */
    TeacherCentre(String name, NDManager parent, Shape shape, float momentum) {
        this.name = name;
        this.prototypes = (int) shape.size();
        this.momentum = momentum;
        this.shape = shape;
        this.manager = parent.newSubManager();
        this.array = manager.zeros(shape);
    }

    /** Returns the centre as an array of the broadcast shape. */
    NDArray array() {
        return array;
    }

    /** Moves the centre towards the mean of {@code teacher} over all but the last axis. */
    void update(List<NDArray> teacher) {
        double[] sum = new double[prototypes];
        long rows = 0;
        for (NDArray t : teacher) {
            float[] values = t.toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                sum[i % prototypes] += values[i];
            }
            rows += values.length / prototypes;
        }
        float[] next = values();
        for (int i = 0; i < prototypes; i++) {
            next[i] = (float) (momentum * next[i] + (1 - momentum) * sum[i] / rows);
        }
        set(next);
    }

    /** Returns a copy of the {@code k} values. */
    float[] values() {
        return array.toFloatArray();
    }

    /** Replaces the values, as when a run resumes. */
    void set(float[] values) {
        if (values.length != prototypes) {
            throw new IllegalArgumentException(name + " centre has " + values.length
                    + " values, expected " + prototypes + " (the head's prototypes)");
        }
        NDArray next = manager.create(values, shape);
        // the centre outlives the training step's NDScope, which would close it
        NDScope.unregister(next);
        array.close();
        array = next;
    }

    @Override
    public void close() {
        manager.close();
    }
}
