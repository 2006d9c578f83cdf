package dev.curate.engine.train.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shapes, seeding and the local-crop position pooling of the student/teacher network. */
class DinoNetworkTest {

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
    void globalAndLocalCropsGiveFeaturesLogitsAndPatchTokens() {
        ModelConfig c = ModelConfig.tiny();
        DinoNetwork net = DinoNetwork.create(manager, c);
        ParameterStore ps = new ParameterStore(manager, false);
        NDList global = net.forward(ps, new NDList(manager.randomNormal(new Shape(3, 3, 32, 32))),
                true);
        assertEquals(new Shape(3, 32), global.get(DinoNetwork.FEATURES).getShape());
        assertEquals(new Shape(3, 64), global.get(DinoNetwork.LOGITS).getShape());
        assertEquals(new Shape(3, 16, 32), global.get(DinoNetwork.PATCHES).getShape());
        NDList local = net.forward(ps, new NDList(manager.randomNormal(new Shape(5, 3, 16, 16))),
                true);
        assertEquals(new Shape(5, 64), local.get(DinoNetwork.LOGITS).getShape());
        assertEquals(new Shape(5, 4, 32), local.get(DinoNetwork.PATCHES).getShape());
    }

    @Test
    void fullyMaskedImagesLookAlikeAndUnmaskedOnesDoNot() {
        DinoNetwork net = DinoNetwork.create(manager, ModelConfig.tiny());
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray images = manager.randomNormal(new Shape(2, 3, 32, 32));
        NDArray allMasked = manager.ones(new Shape(2, 16));
        float[] masked = net.forward(ps, new NDList(images, allMasked), false)
                .get(DinoNetwork.FEATURES).toFloatArray();
        float[] plain = net.forward(ps, new NDList(images), false)
                .get(DinoNetwork.FEATURES).toFloatArray();
        assertArrayEquals(Arrays.copyOfRange(masked, 0, 32), Arrays.copyOfRange(masked, 32, 64),
                1e-5f);
        assertNotEquals(plain[0], plain[32], "two random images give two features");
    }

    @Test
    void sameSeedGivesTheSameParameters() {
        Engine.getInstance().setRandomSeed(7);
        float[] a = firstWeights(DinoNetwork.create(manager, ModelConfig.tiny()));
        Engine.getInstance().setRandomSeed(7);
        float[] b = firstWeights(DinoNetwork.create(manager, ModelConfig.tiny()));
        assertArrayEquals(a, b);
        assertTrue(a.length > 0);
    }

    @Test
    void rejectsACropWhoseGridDoesNotDivideTheGlobalGrid() {
        DinoNetwork net = DinoNetwork.create(manager, ModelConfig.tiny());
        ParameterStore ps = new ParameterStore(manager, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(ps, new NDList(manager.zeros(new Shape(1, 3, 24, 24))), true));
        assertTrue(e.getMessage().contains("(1, 3, 24, 24)"), e.getMessage());
    }

    @Test
    void rejectsAGlobalGridThatIsNotAMultipleOfTheLocalGrid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(48, 32, 8, 32, 1, 2, 64, 64, 32, 64));
        assertEquals("global grid 6 patches must be a multiple of the local grid 4 "
                + "(global 48 px, local 32 px)", e.getMessage());
    }

    private static float[] firstWeights(DinoNetwork net) {
        return net.getParameters().get(0).getValue().getArray().toFloatArray();
    }
}
