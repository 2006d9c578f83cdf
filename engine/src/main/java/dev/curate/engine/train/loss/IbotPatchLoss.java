package dev.curate.engine.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The iBOT masked-patch term (Zhou et al. 2022, arXiv 2111.07832, section 3.2, as DINOv2 uses
 * it): for each global view, the student sees some patches replaced by a learned mask token
 * and predicts, at those patches, the teacher's centred and sharpened distribution over the
 * prototypes computed from the same view unmasked. The cross-entropy is averaged over the
 * masked patches of each view, then over views; patch targets have their own centre.
 *
 * <p>Holds the patch centre, so an instance belongs to one run and one thread.
 */
public final class IbotPatchLoss implements AutoCloseable {

    private final float studentTemp;
    private final TeacherCentre center;

    /**
     * Creates the term with a zero patch centre.
     *
     * @param parent manager the centre is kept under (a sub-manager, closed with this loss)
     * @param prototypes {@code k}, the head's output width, at least 1
     * @param studentTemp student softmax temperature, positive
     * @param centerMomentum weight of the old centre in its update, 0 to 1
     */
    public IbotPatchLoss(NDManager parent, int prototypes, float studentTemp,
            float centerMomentum) {
        if (prototypes < 1 || !(studentTemp > 0) || !(centerMomentum >= 0)
                || centerMomentum > 1) {
            throw new IllegalArgumentException("iBOT loss needs prototypes >= 1, a positive "
                    + "student temperature and a centre momentum in [0, 1]; got " + prototypes
                    + ", " + studentTemp + ", " + centerMomentum);
        }
        this.studentTemp = studentTemp;
        this.center = new TeacherCentre("iBOT patch", parent, new Shape(1, 1, prototypes),
                centerMomentum);
    }

    /**
     * Computes the term.
     *
     * @param student student patch logits of each global view, {@code b x n x k}, from masked
     *     input
     * @param teacher teacher patch logits of the same views, unmasked, {@code b x n x k}
     * @param masks per view, {@code b x n}, 1 where the student's patch was masked, else 0
     * @param teacherTemp teacher softmax temperature, positive
     * @return a float32 scalar; 0 when no patch is masked
     */
    public NDArray compute(List<NDArray> student, List<NDArray> teacher, List<NDArray> masks,
            float teacherTemp) {
        if (student.size() != teacher.size() || student.size() != masks.size()
                || student.isEmpty()) {
            throw new IllegalArgumentException("iBOT needs one student, teacher and mask "
                    + "array per view; got " + student.size() + ", " + teacher.size() + ", "
                    + masks.size());
        }
        NDArray total = null;
        for (int v = 0; v < student.size(); v++) {
            NDArray target = teacher.get(v).sub(center.array()).div(teacherTemp).softmax(2)
                    .stopGradient();
            NDArray logP = student.get(v).div(studentTemp).logSoftmax(2);
            NDArray perPatch = target.mul(logP).sum(new int[] {2}).neg();
            NDArray mask = masks.get(v);
            NDArray term = perPatch.mul(mask).sum().div(mask.sum().maximum(1f));
            total = total == null ? term : total.add(term);
        }
        return total.div(student.size());
    }

    /**
     * Moves the patch centre towards the mean teacher patch logits of this step.
     *
     * @param teacher teacher patch logits of each global view, {@code b x n x k}
     */
    public void updateCenter(List<NDArray> teacherCrops) {
        center.update(teacherCrops);
    }

    /** Returns a copy of the patch centre, {@code k} floats. */
    public float[] center() {
        return center.values();
    }

    /**
     * Replaces the patch centre, as when a run resumes.
     *
     * @param values {@code k} floats
     */
    public void setCenter(float[] values) {
        center.set(values);
    }

    @Override
    public void close() {
        center.close();
    }
}
