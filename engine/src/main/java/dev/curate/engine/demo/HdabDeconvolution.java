package dev.curate.engine.demo;

/**
 * Colour deconvolution of RGB pixels into haematoxylin, DAB and residual stain amounts, after
 * Ruifrok and Johnston, "Quantification of histochemical staining by color deconvolution",
 * Anal. Quant. Cytol. Histol. 23(4):291-299, 2001 (stain vectors from their table 1).
 *
 * <p>Each 8-bit channel value {@code I} becomes an optical density
 * {@code OD = -log10((I + 1) / 256)}, so white (255) is exactly 0 and black (0) is
 * {@code log10(256)}, about 2.41. With the unit-length stain vectors as the rows of {@code M}
 * (haematoxylin, DAB, and the unit cross product haematoxylin x DAB as the residual), a pixel's
 * optical density row vector is {@code od = c M}, so its stain amounts are
 * {@code c = od M^-1}. Amounts are in optical density units along each stain vector; the
 * residual is signed, DAB and haematoxylin are slightly negative where a colour lies outside
 * the stains' span. Stateless and thread-safe.
 */
public final class HdabDeconvolution {

    /** Index of haematoxylin in the stain order. */
    public static final int HAEMATOXYLIN = 0;
    /** Index of DAB in the stain order. */
    public static final int DAB = 1;
    /** Index of the residual (third, orthogonal) channel in the stain order. */
    public static final int RESIDUAL = 2;

    private static final double[] HAEMATOXYLIN_OD = {0.650, 0.704, 0.286};
    private static final double[] DAB_OD = {0.268, 0.570, 0.776};
    private static final double[][] STAINS = stainMatrix();
    private static final double[][] UNMIX = invert(STAINS);
    /** Per stain, per channel, per 8-bit value: that channel's share of the stain amount. */
    private static final float[][][] SHARE = shareTables();

    private HdabDeconvolution() {
    }

    /**
     * Returns the optical density of one 8-bit channel value.
     *
     * @param value channel value, 0 to 255
     * @return {@code -log10((value + 1) / 256)}, 0 for 255 and about 2.41 for 0
     */
    public static double opticalDensity(int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("channel value " + value + " outside 0..255");
        }
        return Math.log10(256.0 / (value + 1));
    }

    /**
     * Returns a copy of the unit-length stain vector of one stain, in RGB optical density.
     *
     * @param stain {@link #HAEMATOXYLIN}, {@link #DAB} or {@link #RESIDUAL}
     * @return 3 values, red, green, blue
     */
    public static double[] stainVector(int stain) {
        return STAINS[stain].clone();
    }

    /**
     * Returns the stain amount of one packed {@code 0xRRGGBB} pixel.
     *
     * @param rgb the pixel; bits above 24 are ignored
     * @param stain {@link #HAEMATOXYLIN}, {@link #DAB} or {@link #RESIDUAL}
     * @return the amount in optical density units
     */
    public static float amount(int rgb, int stain) {
        float[][] share = SHARE[stain];
        return share[0][(rgb >> 16) & 0xFF] + share[1][(rgb >> 8) & 0xFF] + share[2][rgb & 0xFF];
    }

    /**
     * Returns the 8-bit pixel that the given stain amounts produce: the forward model that
     * {@link #amount} inverts, up to rounding to whole channel values.
     *
     * @param haematoxylin haematoxylin amount, optical density units
     * @param dab DAB amount, optical density units
     * @param residual residual amount, optical density units
     * @return packed {@code 0xRRGGBB}, each channel clamped to 0..255
     */
    public static int pixelOf(double haematoxylin, double dab, double residual) {
        int rgb = 0;
        for (int ch = 0; ch < 3; ch++) {
            double od = haematoxylin * STAINS[HAEMATOXYLIN][ch] + dab * STAINS[DAB][ch]
                    + residual * STAINS[RESIDUAL][ch];
            long value = Math.round(256.0 * Math.pow(10.0, -od) - 1.0);
            rgb = (rgb << 8) | (int) Math.max(0, Math.min(255, value));
        }
        return rgb;
    }

    private static double[][] stainMatrix() {
        double[] h = unit(HAEMATOXYLIN_OD);
        double[] d = unit(DAB_OD);
        double[] r = unit(new double[] {
            h[1] * d[2] - h[2] * d[1], h[2] * d[0] - h[0] * d[2], h[0] * d[1] - h[1] * d[0]});
        return new double[][] {h, d, r};
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / norm, v[1] / norm, v[2] / norm};
    }

    /** Inverts a 3 x 3 matrix by its adjugate; the stain matrix is far from singular. */
    private static double[][] invert(double[][] m) {
        double[][] inv = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int r0 = (j + 1) % 3;
                int r1 = (j + 2) % 3;
                int c0 = (i + 1) % 3;
                int c1 = (i + 2) % 3;
                inv[i][j] = m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0];
            }
        }
        double det = m[0][0] * inv[0][0] + m[0][1] * inv[1][0] + m[0][2] * inv[2][0];
        for (double[] row : inv) {
            for (int j = 0; j < 3; j++) {
                row[j] /= det;
            }
        }
        return inv;
    }

    private static float[][][] shareTables() {
        float[][][] share = new float[3][3][256];
        for (int value = 0; value < 256; value++) {
            double od = opticalDensity(value);
            for (int stain = 0; stain < 3; stain++) {
                for (int ch = 0; ch < 3; ch++) {
                    share[stain][ch][value] = (float) (od * UNMIX[ch][stain]);
                }
            }
        }
        return share;
    }
}
