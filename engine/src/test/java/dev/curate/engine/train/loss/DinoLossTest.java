package dev.curate.engine.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DINO loss on hand-made logits whose softmaxes are known exactly. */
class DinoLossTest {

    private static final float LN3 = (float) Math.log(3);

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void crossEntropyOfMatchingThreeToOneDistributionsIsTheirEntropy() {
        try (DinoLoss loss = new DinoLoss(manager, 2, 0.1f, 0.9f)) {
            // teacher softmax(t / 0.04) = student softmax(s / 0.1) = [3/4, 1/4]
            NDArray t = row(0.04f * LN3, 0);
            NDArray s = row(0.1f * LN3, 0);
            float value = loss.compute(List.of(s, s), List.of(t, t), 0.04f).getFloat();
            double entropy = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
            assertEquals(entropy, value, 1e-5, "loss of identical 3:1 distributions");
        }
    }

    @Test
    void sameViewPairsAreLeftOut() {
        try (DinoLoss loss = new DinoLoss(manager, 2, 0.1f, 0.9f)) {
            // teacher crop 0 matches student crop 0 exactly but is never paired with it:
            // only (t0, s1) and (t1, s0) count, each a uniform student against a 3:1 target
            NDArray t = row(0.04f * LN3, 0);
            NDArray uniform = row(0, 0);
            float value = loss.compute(List.of(uniform, uniform, row(0.1f * LN3, 0)),
                    List.of(t, t), 0.04f).getFloat();
            // pairs: (t0,s1) ln2, (t0,s2) entropy, (t1,s0) ln2, (t1,s2) entropy
            double entropy = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
            assertEquals((2 * Math.log(2) + 2 * entropy) / 4, value, 1e-5);
        }
    }

    @Test
    void centreMovesByOneMinusMomentumTowardsTheTeacherMean() {
        try (DinoLoss loss = new DinoLoss(manager, 2, 0.1f, 0.9f)) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray b = manager.create(new float[] {5, 6, 7, 8}, new Shape(2, 2));
            loss.updateCenter(List.of(a, b));
            // batch mean [4, 5]; centre 0.9 * 0 + 0.1 * mean
            assertArrayEquals(new float[] {0.4f, 0.5f}, loss.center(), 1e-6f);
            loss.updateCenter(List.of(a, b));
            assertArrayEquals(new float[] {0.76f, 0.95f}, loss.center(), 1e-6f);
        }
    }

    @Test
    void centringSubtractsTheCentreBeforeSharpening() {
        try (DinoLoss loss = new DinoLoss(manager, 2, 0.1f, 0.9f)) {
            // with centre [0.04 ln3, 0] the teacher row [0.04 ln3, 0] becomes uniform
            loss.setCenter(new float[] {0.04f * LN3, 0});
            NDArray t = row(0.04f * LN3, 0);
            NDArray s = row(0.1f * LN3, 0);
            float value = loss.compute(List.of(s, s), List.of(t, t), 0.04f).getFloat();
            // uniform target against a 3:1 student: -(ln(3/4) + ln(1/4)) / 2
            assertEquals(-(Math.log(0.75) + Math.log(0.25)) / 2, value, 1e-5);
        }
    }

    @Test
    void rejectsLogitsOfTheWrongWidth() {
        try (DinoLoss loss = new DinoLoss(manager, 3, 0.1f, 0.9f)) {
            NDArray t = row(0, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.compute(List.of(t, t), List.of(t), 0.04f));
            assertEquals("DINO logits must be b x 3, got (1, 2)", e.getMessage());
        }
    }

    private NDArray row(float a, float b) {
        return manager.create(new float[] {a, b}, new Shape(1, 2));
    }
}
