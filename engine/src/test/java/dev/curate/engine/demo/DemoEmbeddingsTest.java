package dev.curate.engine.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.kmeans.FloatMatrix;
import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoEmbeddingsTest {

    private static final int POSITIONS = 29 * 29;
    private static DemoEmbeddings demo;
    private static FloatMatrix raw;

    @BeforeAll
    static void buildDemo() {
        demo = DemoEmbeddings.build();
        raw = DemoEmbeddings.describeAll(demo.tiles());
    }

    @Test
    void vectorsAreFiniteWithOneRowPerTile() {
        FloatMatrix v = demo.vectors();
        assertEquals(6728, v.rowCount());
        assertEquals(HistologyDescriptor.DIM, v.dim());
        for (float x : v.data()) {
            assertTrue(Float.isFinite(x), "non-finite value " + x);
        }
    }

    @Test
    void everyFeatureIsStandardizedAndNoneIsConstant() {
        FloatMatrix v = demo.vectors();
        int n = v.rowCount();
        for (int c = 0; c < v.dim(); c++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < n; r++) {
                sum += v.get(r, c);
                squares += (double) v.get(r, c) * v.get(r, c);
            }
            assertEquals(0.0, sum / n, 1e-4, "mean of feature " + c);
            assertEquals(1.0, squares / n, 1e-3, "variance of feature " + c);
        }
    }

    @Test
    void rawStainMeansSpreadOverTheImage() {
        double hStd = columnStd(raw, HistologyDescriptor.MEAN);
        double dabStd = columnStd(raw, HistologyDescriptor.MEAN + 1);
        assertTrue(hStd > 0.01, "std of tile H means " + hStd);
        assertTrue(dabStd > 0.05, "std of tile DAB means " + dabStd);
    }

    @Test
    void noTwoTilesShareAVector() {
        FloatMatrix v = demo.vectors();
        Set<FloatBuffer> rows = new HashSet<>();
        for (int r = 0; r < v.rowCount(); r++) {
            rows.add(FloatBuffer.wrap(v.data(), r * v.dim(), v.dim()).slice());
        }
        assertEquals(v.rowCount(), rows.size());
    }

    /**
     * The 8 transforms of one position agree on every feature but the orientation sectors, so
     * those sectors alone keep them apart: pins how far apart they stay.
     */
    @Test
    void transformsOfOnePositionDifferOnlyInOrientationButClearly() {
        FloatMatrix v = demo.vectors();
        double minDistance = Double.POSITIVE_INFINITY;
        double maxOtherDistance = 0;
        for (int p = 0; p < POSITIONS; p++) {
            for (int a = 0; a < 8; a++) {
                for (int b = a + 1; b < 8; b++) {
                    double all = 0;
                    double other = 0;
                    for (int c = 0; c < v.dim(); c++) {
                        double diff = v.get(a * POSITIONS + p, c) - v.get(b * POSITIONS + p, c);
                        all += diff * diff;
                        boolean orientation = c >= HistologyDescriptor.ORIENTATION
                                && c < HistologyDescriptor.GRADIENT_MAGNITUDE;
                        other += orientation ? 0 : diff * diff;
                    }
                    minDistance = Math.min(minDistance, Math.sqrt(all));
                    maxOtherDistance = Math.max(maxOtherDistance, Math.sqrt(other));
                }
            }
        }
        assertTrue(minDistance > 0.05, "closest transform pair at " + minDistance);
        assertTrue(maxOtherDistance < 1e-4, "non-orientation features differ by "
                + maxOtherDistance);
    }

    @Test
    void tileTableMatchesTiles() {
        TileTable table = demo.tileTable();
        assertEquals(8, table.slideIds().size());
        for (DemoTile tile : demo.tiles().tiles()) {
            assertEquals(tile.slideId(), table.slideOf(tile.index()));
            assertEquals(tile.x(), table.tileX()[tile.index()]);
            assertEquals(tile.y(), table.tileY()[tile.index()]);
        }
    }

    /** {@code raw} comes from a second, independent pass over the tiles. */
    @Test
    void rebuildingGivesIdenticalVectors() {
        FloatMatrix again = new FloatMatrix(raw.data().clone(), raw.rowCount(), raw.dim());
        assertEquals(0, HistologyDescriptor.standardizeColumns(again));
        assertArrayEquals(demo.vectors().data(), again.data());
    }

    @Test
    void rejectsPartsOfDifferentLengths() {
        FloatMatrix short1 = new FloatMatrix(new float[HistologyDescriptor.DIM], 1,
                HistologyDescriptor.DIM);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DemoEmbeddings(demo.tiles(), short1, demo.tileTable()));
        assertTrue(e.getMessage().contains("6728 demo tiles"), e.getMessage());
    }

    private static double columnStd(FloatMatrix m, int c) {
        double sum = 0;
        double squares = 0;
        for (int r = 0; r < m.rowCount(); r++) {
            sum += m.get(r, c);
            squares += (double) m.get(r, c) * m.get(r, c);
        }
        double mean = sum / m.rowCount();
        return Math.sqrt(squares / m.rowCount() - mean * mean);
    }
}
