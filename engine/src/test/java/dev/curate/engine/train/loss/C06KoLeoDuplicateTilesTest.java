package dev.curate.engine.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Field case C06: KoLeo with duplicate rows stays finite; a batch of one is refused. */
class C06KoLeoDuplicateTilesTest {

    private static final float[] BATCH = {1, 0, 1, 0, 0, 1, -1, 0};

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
    void duplicateRowsGiveTheExactFiniteValue() {
        NDArray x = manager.create(BATCH, new Shape(4, 2));
        float value = new KoLeoLoss().compute(x).getFloat();
        // mean of -log(0 + 1e-8) twice and -log(sqrt(2) + 1e-8) twice
        assertEquals(9.03705f, value, 1e-5f, "KoLeo of the C06 batch");
    }

    @Test
    void halfPrecisionInputGivesTheSameFiniteValue() {
        NDArray x = manager.create(BATCH, new Shape(4, 2)).toType(DataType.FLOAT16, false);
        NDArray loss = new KoLeoLoss().compute(x);
        assertEquals(DataType.FLOAT32, loss.getDataType());
        assertEquals(9.03705f, loss.getFloat(), 1e-5f, "KoLeo of the C06 batch in fp16");
    }

    @Test
    void gradientAtDuplicateRowsIsFinite() {
        NDArray x = manager.create(BATCH, new Shape(4, 2));
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(new KoLeoLoss().compute(x));
        }
        for (float g : x.getGradient().toFloatArray()) {
            assertTrue(Float.isFinite(g), "gradient entry " + g + " is not finite");
        }
    }

    @Test
    void spreadRowsCostLessThanDuplicates() {
        NDArray spread = manager.create(new float[] {1, 0, 0, 1, -1, 0, 0, -1}, new Shape(4, 2));
        // all nearest neighbours at sqrt(2): -log(sqrt(2)) = -0.34657
        assertEquals(-0.34657f, new KoLeoLoss().compute(spread).getFloat(), 1e-5f);
    }

    @Test
    void batchOfOneIsRefusedNamingTheSize() {
        NDArray one = manager.create(new float[] {1, 0}, new Shape(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KoLeoLoss().compute(one));
        assertTrue(e.getMessage().contains("batch of 1"), e.getMessage());
    }
}
