package dev.curate.engine.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The masked-patch term counts masked patches only, with its own centre. */
class IbotPatchLossTest {

    private static final float LN3 = (float) Math.log(3);
    private static final double ENTROPY_3_1 = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));

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
    void onlyMaskedPatchesCount() {
        // patch 0: 3:1 target and student; patch 1: both uniform
        NDArray teacher = manager.create(new float[] {0.04f * LN3, 0, 0, 0}, new Shape(1, 2, 2));
        NDArray student = manager.create(new float[] {0.1f * LN3, 0, 0, 0}, new Shape(1, 2, 2));
        try (IbotPatchLoss loss = new IbotPatchLoss(manager, 2, 0.1f, 0.9f)) {
            assertEquals(ENTROPY_3_1, value(loss, student, teacher, 1, 0), 1e-5);
            assertEquals(Math.log(2), value(loss, student, teacher, 0, 1), 1e-5);
            assertEquals((ENTROPY_3_1 + Math.log(2)) / 2, value(loss, student, teacher, 1, 1),
                    1e-5);
            assertEquals(0, value(loss, student, teacher, 0, 0), 1e-7, "nothing masked");
        }
    }

    @Test
    void patchCentreAveragesOverBatchAndPatches() {
        try (IbotPatchLoss loss = new IbotPatchLoss(manager, 2, 0.1f, 0.5f)) {
            NDArray t = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 2));
            loss.updateCenter(List.of(t));
            // mean over the 2 patches [2, 3], half of it
            assertArrayEquals(new float[] {1f, 1.5f}, loss.center(), 1e-6f);
        }
    }

    private float value(IbotPatchLoss loss, NDArray s, NDArray t, float m0, float m1) {
        NDArray mask = manager.create(new float[] {m0, m1}, new Shape(1, 2));
        return loss.compute(List.of(s), List.of(t), List.of(mask), 0.04f).getFloat();
    }
}
