package dev.curate.engine.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.FloatMatrix;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaProjectionTest {

    @Test
    void crossOfFourPointsProjectsOntoItsOwnAxes() {
        FloatMatrix m = new FloatMatrix(new float[] {-2, 0, 2, 0, 0, -1, 0, 1}, 4, 2);

        PcaProjection.Map2D map = PcaProjection.project(m, 200);

        assertArrayEquals(new float[] {-2, 0, 2, 0, 0, -1, 0, 1}, map.xy(), 1e-5f);
        assertArrayEquals(new double[] {8.0 / 3, 2.0 / 3}, map.variances(), 1e-9);
        assertArrayEquals(new double[] {1, 0}, map.axes()[0], 1e-9);
        assertArrayEquals(new double[] {0, 1}, map.axes()[1], 1e-9);
    }

    @Test
    void offsetIsRemovedAndConstantColumnIgnored() {
        // y = 2x on a line, third column constant: all variance on one axis
        FloatMatrix m = new FloatMatrix(new float[] {11, 22, 5, 12, 24, 5, 13, 26, 5}, 3, 3);

        PcaProjection.Map2D map = PcaProjection.project(m, 500);

        double s = Math.sqrt(5);
        assertArrayEquals(new float[] {(float) -s, 0, 0, 0, (float) s, 0}, map.xy(), 1e-4f);
        assertArrayEquals(new double[] {12, 24, 5}, map.mean(), 1e-9);
        assertEquals(5.0, map.variances()[0], 1e-9);
        assertEquals(0.0, map.variances()[1], 1e-9);
    }

    @Test
    void projectedVarianceEqualsEigenvalueOnRandomData() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 2000;
        int d = 8;
        float[] data = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                data[i * d + j] = (float) (r.nextDouble() * (j + 1));
            }
        }

        PcaProjection.Map2D map = PcaProjection.project(new FloatMatrix(data, n, d), 2000);

        double vx = 0;
        double vy = 0;
        double cxy = 0;
        for (int i = 0; i < n; i++) {
            vx += map.xy()[2 * i] * map.xy()[2 * i];
            vy += map.xy()[2 * i + 1] * map.xy()[2 * i + 1];
            cxy += map.xy()[2 * i] * map.xy()[2 * i + 1];
        }
        vx /= n - 1;
        vy /= n - 1;
        cxy /= n - 1;
        assertEquals(map.variances()[0], vx, 1e-3 * vx, "var x=" + vx);
        assertEquals(map.variances()[1], vy, 1e-3 * vy, "var y=" + vy);
        assertTrue(Math.abs(cxy) < 1e-2 * vx, "axes must be uncorrelated, cov=" + cxy);
        assertTrue(vx >= vy, "first axis var " + vx + " < second " + vy);
    }

    @Test
    void sameInputGivesSameMap() {
        float[] data = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8};
        PcaProjection.Map2D a = PcaProjection.project(new FloatMatrix(data, 4, 3), 300);
        PcaProjection.Map2D b = PcaProjection.project(new FloatMatrix(data.clone(), 4, 3), 300);
        assertArrayEquals(a.xy(), b.xy());
    }

    @Test
    void rejectsNanWithRowAndColumn() {
        FloatMatrix m = new FloatMatrix(new float[] {1, 2, 3, Float.NaN}, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PcaProjection.project(m, 10));
        assertEquals("PCA input row 1 column 1 is NaN; expected a finite value", e.getMessage());
    }

    @Test
    void rejectsASingleRow() {
        FloatMatrix m = new FloatMatrix(new float[] {1, 2}, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PcaProjection.project(m, 10));
        assertTrue(e.getMessage().endsWith("rows, got 1"), e.getMessage());
    }
}
