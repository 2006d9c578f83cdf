package dev.curate.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** DJL stays offline and a thread count given to the JVM wins. */
class TrainRuntimeTest {

    @Test
    void offlineIsForcedAndTheJvmThreadSettingWins() {
        // surefire starts the JVM with -Dai.djl.pytorch.num_threads=1
        assertEquals(1, TrainRuntime.prepare(3));
        assertEquals("true", System.getProperty(TrainRuntime.OFFLINE));
        assertEquals("1", System.getProperty(TrainRuntime.THREADS));
    }

    @Test
    void rejectsZeroThreads() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainRuntime.prepare(0));
        assertEquals("PyTorch threads 0 must be at least 1", e.getMessage());
    }
}
