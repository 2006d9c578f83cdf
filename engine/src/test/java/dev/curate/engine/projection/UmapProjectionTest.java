package dev.curate.engine.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.FloatMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UmapProjectionTest {

    static final int BLOBS = 3;
    static final int PER_BLOB = 150;
    static final int D = 10;

    /** Three unit-variance blobs in 10-D whose centres lie 20 apart on the first axes. */
    static FloatMatrix blobs(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] data = new float[BLOBS * PER_BLOB * D];
        for (int r = 0; r < BLOBS * PER_BLOB; r++) {
            for (int j = 0; j < D; j++) {
                data[r * D + j] = (float) ((j == r / PER_BLOB ? 20 : 0) + nextGaussian(rnd));
            }
        }
        return new FloatMatrix(data, BLOBS * PER_BLOB, D);
    }

    static double nextGaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI
                * rnd.nextDouble());
    }

    @Test
    void everyPointLiesNearestItsOwnBlobInTheMap() {
        float[] xy = UmapProjection.project(blobs(5), 1000, 15, 3, 1);

        assertEquals(2 * BLOBS * PER_BLOB, xy.length);
        double[][] centre = new double[BLOBS][2];
        for (int r = 0; r < BLOBS * PER_BLOB; r++) {
            centre[r / PER_BLOB][0] += xy[2 * r] / PER_BLOB;
            centre[r / PER_BLOB][1] += xy[2 * r + 1] / PER_BLOB;
        }
        for (int r = 0; r < BLOBS * PER_BLOB; r++) {
            int nearest = 0;
            for (int b = 1; b < BLOBS; b++) {
                if (dist(xy, r, centre[b]) < dist(xy, r, centre[nearest])) {
                    nearest = b;
                }
            }
            assertEquals(r / PER_BLOB, nearest, "point " + r + " at " + xy[2 * r] + ","
                    + xy[2 * r + 1] + "; blob centres " + Arrays.deepToString(centre));
        }
    }

    static double dist(float[] xy, int r, double[] c) {
        return Math.hypot(xy[2 * r] - c[0], xy[2 * r + 1] - c[1]);
    }

    @Test
    void oneThreadAndOneSeedGiveTheSameMap() {
        float[] a = UmapProjection.project(blobs(5), 1000, 15, 3, 1);
        float[] b = UmapProjection.project(blobs(5), 1000, 15, 3, 1);
        float[] other = UmapProjection.project(blobs(5), 1000, 15, 4, 1);

        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, other), "seed 4 gave the map of seed 3");
    }

    @Test
    void tooManyOrTooFewRowsAreRefusedNamingTheCounts() {
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> UmapProjection.project(blobs(5), 400, 15, 3, 1));
        assertTrue(many.getMessage().startsWith("UMAP map of 450 rows: at most 400 are taken"),
                many.getMessage());
        FloatMatrix ten = new FloatMatrix(new float[10 * 2], 10, 2);
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> UmapProjection.project(ten, 400, 15, 3, 1));
        assertEquals("UMAP map of 10 rows needs more rows than its 15 neighbours per point",
                few.getMessage());
    }
}
