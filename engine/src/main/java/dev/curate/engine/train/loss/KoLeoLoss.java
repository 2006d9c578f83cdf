package dev.curate.engine.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The KoLeo regulariser of DINOv2 (Oquab et al. 2023, arXiv 2304.07193, section 4, after
 * Sablayrolles et al. 2019, "Spreading vectors for similarity search"): minus the mean log
 * distance of each L2-normalised row to its nearest other row in the batch,
 * {@code -1/n sum_i log(d_i + eps)}.
 *
 * <p>Field case C06: duplicate tiles in one batch give a nearest-neighbour distance of exactly
 * 0, and in half precision an epsilon of 1e-8 rounds to 0, so the reference term becomes
 * infinite. Here the term is always computed in float32 (half-precision input is widened
 * first), so a zero distance costs {@code -log(1e-8) = 18.42068}, and the distance's square
 * root is taken of a value clamped away from 0 so that its gradient stays finite too. A batch
 * of one row has no neighbour and is refused.
 *
 * <p>Stateless and thread-safe; the arrays it returns belong to the input's manager.
 */
public final class KoLeoLoss {

    /** Default epsilon added to each distance before the log, as in DINOv2. */
    public static final float DEFAULT_EPS = 1e-8f;
    /**
     * Floor of the squared distance under the square root. Its root (1e-15) vanishes next to
     * {@link #DEFAULT_EPS} in float32, so the value is unchanged, but the root's gradient at a
     * duplicate row stays finite (the clamp passes no gradient) instead of 0 * inf = NaN.
     */
    private static final float MIN_SQUARED_DISTANCE = 1e-30f;
    /** Epsilon of the L2 normalisation of the rows. */
    private static final float NORM_EPS = 1e-8f;

    private final float eps;

    /** Creates the term with {@link #DEFAULT_EPS}. */
    public KoLeoLoss() {
        this(DEFAULT_EPS);
    }

    /**
     * Creates the term.
     *
     * @param eps added to each nearest-neighbour distance before the log; positive and finite
     * @throws IllegalArgumentException if {@code eps} is not positive and finite
     */
    public KoLeoLoss(float eps) {
        if (!(eps > 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("KoLeo eps " + eps
                    + " must be positive and finite");
        }
        this.eps = eps;
    }

    /**
     * Computes the term over the rows of {@code features}.
     *
     * @param features n x d student outputs, any float type (computed in float32), n >= 2
     * @return a float32 scalar; differentiable with respect to {@code features}
     * @throws IllegalArgumentException if {@code features} is not 2-D or has fewer than 2 rows
     */
    public NDArray compute(NDArray features) {
        if (features.getShape().dimension() != 2) {
            throw new IllegalArgumentException("KoLeo needs an n x d matrix of student "
                    + "outputs, got shape " + features.getShape());
        }
        long n = features.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("KoLeo needs at least 2 rows for a nearest "
                    + "neighbour inside the batch, got a batch of " + n
                    + " (field case C06); use a batch size of 2 or more or a KoLeo weight of 0");
        }
        NDArray x = features.toType(DataType.FLOAT32, false);
        x = x.div(x.square().sum(new int[] {1}, true).sqrt().maximum(NORM_EPS));
        NDArray nearest = nearestOtherRows(x);
        NDArray squared = x.sub(nearest).square().sum(new int[] {1});
        NDArray distance = squared.maximum(MIN_SQUARED_DISTANCE).sqrt();
        return distance.add(eps).log().mean().neg();
    }

    /**
     * Returns, for each row, the most similar other row (by dot product of unit rows; ties go
     * to the lowest index), as a differentiable row selection.
     */
    private static NDArray nearestOtherRows(NDArray unitRows) {
        long n = unitRows.getShape().get(0);
        NDArray dots = unitRows.matMul(unitRows.transpose()).stopGradient();
        // cosine similarity is at least -1, so -3 on the diagonal never wins
        NDArray self = unitRows.getManager().eye((int) n).mul(4f);
        NDArray nearestIndex = dots.sub(self).argMax(1);
        NDArray pick = nearestIndex.oneHot((int) n).toType(DataType.FLOAT32, false);
        return pick.matMul(unitRows);
    }
}
