package dev.curate.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curate.engine.train.model.ModelConfig;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Warm-up, cosine and end values of the schedules; parameters survive a checkpoint. */
class CosineScheduleTest {

    @Test
    void warmsUpLinearlyThenFollowsTheCosineToTheEnd() {
        CosineSchedule s = new CosineSchedule(1.0, 0.0, 0.0, 10, 111);
        assertEquals(0.0, s.valueAt(0), 1e-12);
        assertEquals(0.5, s.valueAt(5), 1e-12);
        assertEquals(1.0, s.valueAt(10), 1e-12);
        // half-way through the 101 cosine steps: (1 + cos(pi / 2)) / 2
        assertEquals(0.5, s.valueAt(60), 1e-12);
        assertEquals(0.0, s.valueAt(110), 1e-12);
        assertEquals(0.0, s.valueAt(500), 1e-12);
    }

    @Test
    void teacherMomentumRisesFromItsStartToOne() {
        TrainParams p = TrainParams.defaults(ModelConfig.tiny(), 201);
        assertEquals(0.99, p.teacherMomentum().valueAt(0), 1e-12);
        assertEquals(0.995, p.teacherMomentum().valueAt(100), 1e-12);
        assertEquals(1.0, p.teacherMomentum().valueAt(200), 1e-12);
        assertEquals(0.04, p.weightDecay().valueAt(0), 1e-12);
        assertEquals(0.4, p.weightDecay().valueAt(200), 1e-12);
    }

    @Test
    void parametersRoundTripThroughProperties() {
        TrainParams p = TrainFixtures.tiny(77, -5).withBaseLr(3.5e-4);
        Properties props = p.toProperties();
        assertEquals(p, TrainParams.fromProperties(props));
        props.setProperty("run", "1,2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainParams.fromProperties(props));
        assertEquals("training parameters 'run' hold 2 values, expected 17: 1,2", e.getMessage());
    }

    @Test
    void batchOfOneIsRefusedBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainFixtures.tiny(5, 0).with(1, 0, 5));
        assertEquals("batch size 1 must be at least 2: KoLeo and the batch norm need two tiles "
                + "(field case C06)", e.getMessage());
    }
}
