package dev.curate.engine.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The DINO self-distillation loss (Caron et al. 2021, arXiv 2104.14294, section 3.1 and
 * algorithm 1): the cross-entropy between the teacher's centred and sharpened distribution over
 * {@code k} prototypes and the student's, summed over every pair of a teacher (global) crop and
 * a student crop of another view, averaged over pairs and batch rows.
 *
 * <p>Teacher targets are {@code softmax((t - c) / teacherTemp)} with the centre {@code c} an
 * exponential moving average of the teacher's batch means, which keeps one prototype from
 * dominating (centring) while the low temperature keeps targets peaked (sharpening). Student
 * predictions are {@code log_softmax(s / studentTemp)}.
 *
 * <p>Holds the centre, so an instance belongs to one training run and one thread.
 */
public final class DinoLoss implements AutoCloseable {

    private final int prototypes;
    private final float studentTemp;
    private final TeacherCentre center;

    /**
     * Creates the loss with a zero centre.
     *
     * @param parent manager the centre is attached under (a sub-manager is made and closed
     *     with this loss)
     * @param prototypes {@code k}, the head's output size, at least 1
     * @param studentTemp student softmax temperature, positive (DINO: 0.1)
     * @param centerMomentum weight of the old centre in its update, 0 to 1 (DINO: 0.9)
     * @throws IllegalArgumentException if a value is out of range
     */
    public DinoLoss(NDManager parent, int prototypes, float studentTemp, float centerMomentum) {
        if (prototypes < 1 || !(studentTemp > 0) || !(centerMomentum >= 0)
                || centerMomentum > 1) {
            throw new IllegalArgumentException("DINO loss needs prototypes >= 1, a positive "
                    + "student temperature and a centre momentum in [0, 1]; got " + prototypes
                    + ", " + studentTemp + ", " + centerMomentum);
        }
        this.prototypes = prototypes;
        this.studentTemp = studentTemp;
        this.center = new TeacherCentre("DINO", parent, new Shape(1, prototypes), centerMomentum);
    }

    /**
     * Computes the loss.
     *
     * @param studentCrops student logits, one b x k array per crop; the first
     *     {@code teacherCrops.size()} are the same global views the teacher saw, in order
     * @param teacherCrops teacher logits of the global views, one b x k array each
     * @param teacherTemp teacher softmax temperature for this step, positive (DINO: 0.04)
     * @return a float32 scalar, differentiable with respect to the student logits only
     * @throws IllegalArgumentException if shapes disagree or there is no cross-view pair
     */
    public NDArray compute(List<NDArray> studentCrops, List<NDArray> teacherCrops,
            float teacherTemp) {
        validate(studentCrops, teacherCrops);
        NDArray total = null;
        int pairs = 0;
        for (int t = 0; t < teacherCrops.size(); t++) {
            NDArray target = teacherCrops.get(t).sub(center.array()).div(teacherTemp)
                    .softmax(1).stopGradient();
            for (int s = 0; s < studentCrops.size(); s++) {
                if (s == t) {
                    continue;
                }
                NDArray logP = studentCrops.get(s).div(studentTemp).logSoftmax(1);
                NDArray crossEntropy = target.mul(logP).sum(new int[] {1}).neg().mean();
                total = total == null ? crossEntropy : total.add(crossEntropy);
                pairs++;
            }
        }
        return total.div(pairs);
    }

    /**
     * Moves the centre towards the mean of this step's teacher logits:
     * {@code c = m c + (1 - m) mean(teacher)}.
     *
     * @param teacherCrops teacher logits of the global views, one b x k array each
     */
    public void updateCenter(List<NDArray> teacherCrops) {
        center.update(teacherCrops);
    }

    /** Returns a copy of the centre, {@code k} floats (for checkpoints and tests). */
    public float[] center() {
        return center.values();
    }

    /**
     * Replaces the centre, as when a run resumes from a checkpoint.
     *
     * @param values {@code k} floats
     * @throws IllegalArgumentException if the length is not {@code k}
     */
    public void setCenter(float[] values) {
        center.set(values);
    }

    private void validate(List<NDArray> studentCrops, List<NDArray> teacherCrops) {
        if (teacherCrops.isEmpty() || studentCrops.size() < 2
                || studentCrops.size() < teacherCrops.size()) {
            throw new IllegalArgumentException("DINO loss needs at least 2 student crops and "
                    + "1 teacher crop, with no more teacher than student crops; got "
                    + studentCrops.size() + " student and " + teacherCrops.size() + " teacher");
        }
        for (List<NDArray> crops : List.of(studentCrops, teacherCrops)) {
            for (NDArray c : crops) {
                Shape shape = c.getShape();
                if (shape.dimension() != 2 || shape.get(1) != prototypes) {
                    throw new IllegalArgumentException("DINO logits must be b x " + prototypes
                            + ", got " + shape);
                }
            }
        }
    }

    @Override
    public void close() {
        center.close();
    }
}
