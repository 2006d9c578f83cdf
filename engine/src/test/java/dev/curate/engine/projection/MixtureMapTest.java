package dev.curate.engine.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MixtureMapTest {

    @Test
    void sameSeedSameMapAndLabelsNearTheirCentre() {
        MixtureMap.Points a = MixtureMap.draw(20_000, 10, 42);
        MixtureMap.Points b = MixtureMap.draw(20_000, 10, 42);
        assertArrayEquals(a.xy(), b.xy());
        assertArrayEquals(a.blob(), b.blob());

        int[] counts = new int[10];
        double[] sx = new double[10];
        for (int i = 0; i < 20_000; i++) {
            counts[a.blob()[i]]++;
            sx[a.blob()[i]] += a.xy()[2 * i];
        }
        for (int k = 0; k < 10; k++) {
            assertTrue(counts[k] > 1800 && counts[k] < 2200, "blob " + k + ": " + counts[k]);
            double expected = Math.cos(2 * Math.PI * k / 10);
            assertEquals(expected, sx[k] / counts[k], 0.02, "blob " + k + " centre x");
        }
    }

    @Test
    void rejectsMoreBlobsThanPoints() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixtureMap.draw(3, 4, 1));
        assertTrue(e.getMessage().endsWith("got n=3, k=4"), e.getMessage());
    }
}
