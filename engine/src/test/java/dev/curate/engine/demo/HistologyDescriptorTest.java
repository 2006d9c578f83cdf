package dev.curate.engine.demo;

import static dev.curate.engine.demo.HistologyDescriptor.DIM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.FloatMatrix;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistologyDescriptorTest {

    private static final int SIZE = 16;
    private final HistologyDescriptor descriptor = new HistologyDescriptor();

    private static int[] uniform(int pixel) {
        int[] rgb = new int[SIZE * SIZE];
        Arrays.fill(rgb, pixel);
        return rgb;
    }

    @Test
    void whiteTileHasZeroStainAndFlatTexture() {
        float[] expected = new float[DIM];
        expected[HistologyDescriptor.HISTOGRAM] = 1f;
        expected[HistologyDescriptor.HISTOGRAM + 8] = 1f;
        expected[HistologyDescriptor.HISTOGRAM + 16 + 1] = 1f;
        expected[HistologyDescriptor.LBP_RADIUS_1 + 8] = 1f;
        expected[HistologyDescriptor.LBP_RADIUS_2 + 8] = 1f;
        assertArrayEquals(expected, descriptor.describe(uniform(0xFFFFFF), SIZE));
    }

    @Test
    void haematoxylinTileHasHighHaematoxylinAndNoDab() {
        float[] f = descriptor.describe(uniform(HdabDeconvolution.pixelOf(0.6, 0, 0)), SIZE);
        assertEquals(0.6, f[HistologyDescriptor.MEAN], 0.01);
        assertEquals(0.0, f[HistologyDescriptor.MEAN + 1], 0.01);
        assertEquals(0f, f[HistologyDescriptor.STD]);
        assertEquals(0f, f[HistologyDescriptor.STD + 1]);
        assertEquals(1f, f[HistologyDescriptor.HISTOGRAM + 7], "H above the last bin edge");
        assertEquals(1f, f[HistologyDescriptor.HISTOGRAM + 8], "DAB in the first bin");
        assertEquals(1f, f[HistologyDescriptor.TISSUE_FRACTION]);
        assertEquals(0f, f[HistologyDescriptor.DAB_POSITIVE_FRACTION]);
        assertEquals(0f, f[HistologyDescriptor.H_DAB_CORRELATION]);
        assertEquals(0f, f[HistologyDescriptor.GRADIENT_MAGNITUDE]);
    }

    @Test
    void dabTileIsDabPositive() {
        float[] f = descriptor.describe(uniform(HdabDeconvolution.pixelOf(0, 0.8, 0)), SIZE);
        assertEquals(0.0, f[HistologyDescriptor.MEAN], 0.01);
        assertEquals(0.8, f[HistologyDescriptor.MEAN + 1], 0.01);
        assertEquals(1f, f[HistologyDescriptor.HISTOGRAM + 8 + 5], "DAB in [0.75, 0.9)");
        assertEquals(1f, f[HistologyDescriptor.DAB_POSITIVE_FRACTION]);
    }

    @Test
    void checkerboardHasExactPatternsAndLaplacian() {
        int dark = HdabDeconvolution.pixelOf(0.4, 0, 0);
        int[] rgb = new int[8 * 8];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = ((i / 8 + i % 8) % 2 == 0) ? dark : 0xFFFFFF;
        }
        float[] f = descriptor.describe(rgb, 8);
        float h = HdabDeconvolution.amount(dark, HdabDeconvolution.HAEMATOXYLIN);

        // dark centres see 4 lower and 4 equal neighbours (non-uniform), light ones all >=
        assertEquals(0.5f, f[HistologyDescriptor.LBP_RADIUS_1 + 9]);
        assertEquals(0.5f, f[HistologyDescriptor.LBP_RADIUS_1 + 8]);
        assertEquals(1f, f[HistologyDescriptor.LBP_RADIUS_2 + 8]);
        assertEquals(4 * h, f[HistologyDescriptor.LAPLACIAN_RMS], 1e-5);
        assertEquals(0f, f[HistologyDescriptor.LAPLACIAN_RMS + 1]);
        assertEquals(0f, f[HistologyDescriptor.GRADIENT_MAGNITUDE]);
        assertEquals(0.5f, f[HistologyDescriptor.HISTOGRAM + 0]);
        assertEquals(h / 2, f[HistologyDescriptor.MEAN], 1e-6);
        assertEquals(h / 2, f[HistologyDescriptor.STD], 1e-6);
    }

    /** One 16 px tile whose haematoxylin grows to the right and is constant down columns. */
    private static DemoTiles rampTiles() {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                image.setRGB(x, y, HdabDeconvolution.pixelOf(0.03 * x, 0, 0));
            }
        }
        return DemoTiles.of(image, "ramp", SIZE, SIZE);
    }

    @Test
    void orientationSectorFollowsEachTransform() {
        DemoTiles tiles = rampTiles();
        int[] expectedSector = {0, 2, 4, 6, 4, 6, 0, 2};
        for (DihedralTransform t : DihedralTransform.values()) {
            float[] f = descriptor.describe(tiles.renderRgb(t.ordinal()), SIZE);
            float[] sectors = Arrays.copyOfRange(f, HistologyDescriptor.ORIENTATION,
                    HistologyDescriptor.ORIENTATION + 8);
            float[] expected = new float[8];
            expected[expectedSector[t.ordinal()]] = 1f;
            assertArrayEquals(expected, sectors, t.toString());
        }
    }

    @Test
    void featuresOtherThanOrientationIgnoreTransforms() {
        DemoTiles tiles = rampTiles();
        float[] reference = descriptor.describe(tiles.renderRgb(0), SIZE);
        for (int t = 1; t < 8; t++) {
            float[] f = descriptor.describe(tiles.renderRgb(t), SIZE);
            for (int c = 0; c < DIM; c++) {
                boolean orientation = c >= HistologyDescriptor.ORIENTATION
                        && c < HistologyDescriptor.GRADIENT_MAGNITUDE;
                if (!orientation) {
                    assertEquals(reference[c], f[c], 1e-6, "feature " + c + " of tile " + t);
                }
            }
        }
    }

    @Test
    void sectorsSplitTheCircleInto45DegreeSteps() {
        assertEquals(0, HistologyDescriptor.sectorOf(1, 0));
        assertEquals(0, HistologyDescriptor.sectorOf(1, 0.99));
        assertEquals(1, HistologyDescriptor.sectorOf(1, 1));
        assertEquals(2, HistologyDescriptor.sectorOf(0, 1));
        assertEquals(3, HistologyDescriptor.sectorOf(-1, 1));
        assertEquals(4, HistologyDescriptor.sectorOf(-1, 0));
        assertEquals(5, HistologyDescriptor.sectorOf(-1, -1));
        assertEquals(6, HistologyDescriptor.sectorOf(0, -1));
        assertEquals(7, HistologyDescriptor.sectorOf(1, -1));
        assertEquals(7, HistologyDescriptor.sectorOf(1, -0.01));
    }

    @Test
    void sameTileGivesSameVector() {
        int[] rgb = DemoTiles.load().renderRgb(1234);
        assertArrayEquals(descriptor.describe(rgb, 64), descriptor.describe(rgb, 64));
    }

    @Test
    void standardizedColumnsHaveZeroMeanUnitDeviation() {
        FloatMatrix m = new FloatMatrix(new float[] {1, 5, 2, 5, 3, 5}, 3, 2);
        assertEquals(1, HistologyDescriptor.standardizeColumns(m));
        float z = (float) Math.sqrt(1.5);
        assertArrayEquals(new float[] {-z, 0, 0, 0, z, 0}, m.data(), 1e-6f);
    }

    @Test
    void standardizeRejectsNaNNamingRowAndColumn() {
        FloatMatrix m = new FloatMatrix(new float[] {1, 2, Float.NaN, 4}, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistologyDescriptor.standardizeColumns(m));
        assertTrue(e.getMessage().contains("row 1, column 0"), e.getMessage());
    }

    @Test
    void rejectsTileThatIsNotASquareOfTheGivenSide() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> descriptor.describe(new int[30], 5));
        assertTrue(e.getMessage().contains("30 pixels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> descriptor.describe(new int[16], 4));
        assertThrows(IllegalArgumentException.class,
                () -> descriptor.describe(new int[25], 5, new float[DIM], 1));
    }
}
