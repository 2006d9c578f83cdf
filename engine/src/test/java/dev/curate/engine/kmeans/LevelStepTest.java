package dev.curate.engine.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LevelStepTest {

    @Test
    void encodedStepsComeBackForTheirRunOnly() {
        LevelStep lloyd = new LevelStep(2, 0, 3, 2, new float[] {1f, 2f, 3f, 4f},
                new float[] {0.5f, 1.5f, 2.5f, 3.5f});
        LevelStep back = LevelStep.decode(lloyd.encode("run a"), "run a").orElseThrow();
        assertEquals("level 2, phase 0 after 3 Lloyd updates", back.toString());
        assertEquals(2, back.k());
        assertArrayEquals(lloyd.centroids(), back.centroids(), 0f);
        assertArrayEquals(lloyd.previous(), back.previous(), 0f);
        assertTrue(LevelStep.decode(lloyd.encode("run a"), "run b").isEmpty());

        LevelStep phase = new LevelStep(1, 2, LevelStep.PHASE_DONE, 1, new float[] {7f}, null);
        LevelStep phaseBack = LevelStep.decode(phase.encode(""), "").orElseThrow();
        assertEquals("level 1, after phase 2", phaseBack.toString());
        assertNull(phaseBack.previous());
    }

    @Test
    void bytesThatAreNotAStepAreRefused() {
        byte[] cut = Arrays.copyOf(new LevelStep(1, 0, 0, 1, new float[] {1f}, null)
                .encode("r"), 20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LevelStep.decode(cut, "r"));
        assertTrue(e.getMessage().startsWith("a checkpointed level step of 20 bytes does not "
                + "decode"), e.getMessage());
    }

    @Test
    void stepsThatDoNotFitTogetherAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new LevelStep(1, 1, 2, 1, new float[] {1f}, new float[] {1f}));
        assertThrows(IllegalArgumentException.class,
                () -> new LevelStep(1, 0, 2, 1, new float[] {1f}, null));
        assertThrows(IllegalArgumentException.class,
                () -> new LevelStep(1, 0, LevelStep.PHASE_DONE, 2, new float[] {1f}, null));
    }
}
