package dev.curate.engine.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HdabDeconvolutionTest {

    @Test
    void opticalDensityIsZeroForWhiteAndLog256ForBlack() {
        assertEquals(0.0, HdabDeconvolution.opticalDensity(255));
        assertEquals(Math.log10(256), HdabDeconvolution.opticalDensity(0), 1e-12);
        assertEquals(-Math.log10(128 / 256.0), HdabDeconvolution.opticalDensity(127), 1e-12);
    }

    @Test
    void whitePixelHasNoStain() {
        for (int stain = 0; stain < 3; stain++) {
            assertEquals(0f, HdabDeconvolution.amount(0xFFFFFF, stain), "stain " + stain);
        }
    }

    @Test
    void stainVectorsAreUnitAndResidualIsOrthogonal() {
        double[] h = HdabDeconvolution.stainVector(HdabDeconvolution.HAEMATOXYLIN);
        double[] d = HdabDeconvolution.stainVector(HdabDeconvolution.DAB);
        double[] r = HdabDeconvolution.stainVector(HdabDeconvolution.RESIDUAL);
        assertEquals(1.0, dot(h, h), 1e-12);
        assertEquals(1.0, dot(d, d), 1e-12);
        assertEquals(1.0, dot(r, r), 1e-12);
        assertEquals(0.0, dot(h, r), 1e-12);
        assertEquals(0.0, dot(d, r), 1e-12);
        assertEquals(0.650 / Math.sqrt(0.650 * 0.650 + 0.704 * 0.704 + 0.286 * 0.286), h[0],
                1e-12);
    }

    @Test
    void pureHaematoxylinPixelUnmixesToHaematoxylinOnly() {
        int pixel = HdabDeconvolution.pixelOf(0.6, 0, 0);
        assertEquals(0.6, HdabDeconvolution.amount(pixel, HdabDeconvolution.HAEMATOXYLIN),
                0.01);
        assertEquals(0.0, HdabDeconvolution.amount(pixel, HdabDeconvolution.DAB), 0.01);
        assertEquals(0.0, HdabDeconvolution.amount(pixel, HdabDeconvolution.RESIDUAL), 0.01);
    }

    @Test
    void mixedPixelRoundTripsWithinRounding() {
        int pixel = HdabDeconvolution.pixelOf(0.3, 0.5, 0.05);
        assertEquals(0.3, HdabDeconvolution.amount(pixel, HdabDeconvolution.HAEMATOXYLIN),
                0.01);
        assertEquals(0.5, HdabDeconvolution.amount(pixel, HdabDeconvolution.DAB), 0.01);
        assertEquals(0.05, HdabDeconvolution.amount(pixel, HdabDeconvolution.RESIDUAL), 0.01);
    }

    @Test
    void haematoxylinIsBlueAndDabIsBrown() {
        int h = HdabDeconvolution.pixelOf(1.0, 0, 0);
        int d = HdabDeconvolution.pixelOf(0, 1.0, 0);
        assertTrue((h & 0xFF) > (h >> 16), "haematoxylin keeps more blue than red: " + h);
        assertTrue((d >> 16) > (d & 0xFF), "DAB keeps more red than blue: " + d);
    }

    @Test
    void rejectsChannelValueAbove255() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HdabDeconvolution.opticalDensity(256));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
