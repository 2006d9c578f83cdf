package dev.curate.engine.demo;

import dev.curate.engine.kmeans.FloatMatrix;
import java.util.Objects;

/**
 * A hand-made 64-dimensional tile descriptor that stands in for a pathology foundation model
 * (such as UNI) in the demo, so the engine can run end to end without model weights. It is a
 * fixed mix of stain statistics and texture, not a learned embedding: clusters of it group
 * tiles by stain balance and texture, nothing more.
 *
 * <p>Each pixel is unmixed into haematoxylin (H), DAB and residual amounts by
 * {@link HdabDeconvolution}. The output vector, in this order:
 * <ul>
 *   <li>{@link #MEAN}: mean H, DAB and residual amount (3);
 *   <li>{@link #STD}: their population standard deviations (3);
 *   <li>{@link #HISTOGRAM}: per stain, the fraction of pixels in 8 equal bins (24), the bins
 *       of H starting at 0 with width {@value #H_BIN_WIDTH}, of DAB at 0 with width
 *       {@value #DAB_BIN_WIDTH}, of the residual at {@value #RESIDUAL_BIN_START} with width
 *       {@value #RESIDUAL_BIN_WIDTH}; values outside fall in the first or last bin (the ranges
 *       roughly cover the 1st to 99th percentile of the demo image);
 *   <li>{@link #TISSUE_FRACTION}: fraction of pixels whose mean RGB optical density exceeds
 *       {@value #TISSUE_MIN_OD} (1);
 *   <li>{@link #DAB_POSITIVE_FRACTION}: fraction of pixels with DAB above
 *       {@value #DAB_POSITIVE_MIN} (1);
 *   <li>{@link #H_DAB_CORRELATION}: Pearson correlation of H and DAB over the pixels, 0 when
 *       either is constant (1);
 *   <li>{@link #ORIENTATION}: histogram of H gradient directions in 8 sectors of 45 degrees
 *       counted clockwise from +x (image y points down), weighted by gradient magnitude and
 *       summing to 1, or all 0 on a flat tile (8);
 *   <li>{@link #GRADIENT_MAGNITUDE}: mean H gradient magnitude, central differences (1);
 *   <li>{@link #LBP_RADIUS_1} and {@link #LBP_RADIUS_2}: rotation-invariant uniform local
 *       binary patterns of H (Ojala, Pietikainen and Maenpaa, IEEE TPAMI 24(7), 2002) with 8
 *       neighbours on the square ring of radius 1 and 2 px: fractions of codes 0 to 8 ones,
 *       then non-uniform (10 each);
 *   <li>{@link #LAPLACIAN_RMS}: root mean square of the 4-neighbour Laplacian of H at
 *       neighbour distance 1 and 2 px (2).
 * </ul>
 * Texture features use the pixels at least 2 px from the tile edge, so all of them see the
 * same square region. Under the 8 dihedral transforms every feature is invariant except the
 * orientation histogram, whose sectors are permuted; the invariant features can still differ
 * in the last bits because sums run in a different pixel order.
 *
 * <p>The vector is raw (features on their own scales); {@link #standardizeColumns} turns a set
 * of them into z-scores per feature, which is what the demo clusters. Deterministic, stateless
 * and thread-safe.
 */
public final class HistologyDescriptor {

    /** Length of the descriptor. */
    public static final int DIM = 64;
    /** Smallest tile side the texture features accept, in pixels. */
    public static final int MIN_TILE_SIZE_PX = 5;
    /** Offset of the 3 stain means (H, DAB, residual). */
    public static final int MEAN = 0;
    /** Offset of the 3 stain standard deviations. */
    public static final int STD = 3;
    /** Offset of the 3 stain histograms of {@link #STAIN_BINS} bins each, H first. */
    public static final int HISTOGRAM = 6;
    /** Offset of the tissue fraction. */
    public static final int TISSUE_FRACTION = 30;
    /** Offset of the DAB-positive fraction. */
    public static final int DAB_POSITIVE_FRACTION = 31;
    /** Offset of the H-DAB correlation. */
    public static final int H_DAB_CORRELATION = 32;
    /** Offset of the {@link #ORIENTATION_BINS} gradient orientation sectors. */
    public static final int ORIENTATION = 33;
    /** Offset of the mean gradient magnitude. */
    public static final int GRADIENT_MAGNITUDE = 41;
    /** Offset of the {@link #LBP_BINS} local binary pattern fractions at radius 1. */
    public static final int LBP_RADIUS_1 = 42;
    /** Offset of the {@link #LBP_BINS} local binary pattern fractions at radius 2. */
    public static final int LBP_RADIUS_2 = 52;
    /** Offset of the 2 Laplacian RMS values (distance 1, then 2). */
    public static final int LAPLACIAN_RMS = 62;

    /** Bins per stain histogram. */
    public static final int STAIN_BINS = 8;
    /** Gradient orientation sectors. */
    public static final int ORIENTATION_BINS = 8;
    /** Local binary pattern classes: 0 to 8 ones (uniform), then non-uniform. */
    public static final int LBP_BINS = 10;
    /** Width of a haematoxylin histogram bin, optical density units. */
    public static final double H_BIN_WIDTH = 0.05;
    /** Width of a DAB histogram bin, optical density units. */
    public static final double DAB_BIN_WIDTH = 0.15;
    /** Lower edge of the residual histogram, optical density units. */
    public static final double RESIDUAL_BIN_START = -0.025;
    /** Width of a residual histogram bin, optical density units. */
    public static final double RESIDUAL_BIN_WIDTH = 0.02;
    /** Mean RGB optical density above which a pixel counts as tissue. */
    public static final double TISSUE_MIN_OD = 0.15;
    /** DAB amount above which a pixel counts as DAB-positive. */
    public static final double DAB_POSITIVE_MIN = 0.5;

    // LIMIT: stain histograms pile up in their last bin when tiles are much darker than the
    // demo image (H above 0.4 or DAB above 1.2 OD); widen H_BIN_WIDTH or DAB_BIN_WIDTH.
    private static final double[] BIN_START = {0.0, 0.0, RESIDUAL_BIN_START};
    private static final double[] BIN_WIDTH = {H_BIN_WIDTH, DAB_BIN_WIDTH, RESIDUAL_BIN_WIDTH};
    private static final double[] OD = opticalDensityTable();
    private static final int MARGIN_PX = 2;
    private static final int[] PATTERN_CLASS = patternClassTable();

    /**
     * Describes one square tile.
     *
     * @param rgb packed {@code 0xRRGGBB} pixels, row-major, {@code sizePx * sizePx} long
     * @param sizePx tile side in pixels, at least {@link #MIN_TILE_SIZE_PX}
     * @return a new vector of {@link #DIM} raw features
     */
    public float[] describe(int[] rgb, int sizePx) {
        float[] out = new float[DIM];
        describe(rgb, sizePx, out, 0);
        return out;
    }

    /**
     * Describes one square tile into {@code dst[offset .. offset + DIM)}.
     *
     * @param rgb packed {@code 0xRRGGBB} pixels, row-major, {@code sizePx * sizePx} long
     * @param sizePx tile side in pixels, at least {@link #MIN_TILE_SIZE_PX}
     * @param dst destination array, at least {@code offset + DIM} long
     * @param offset first index written, at least 0
     * @throws IllegalArgumentException if the pixel count does not match the size
     */
    public void describe(int[] rgb, int sizePx, float[] dst, int offset) {
        Objects.requireNonNull(rgb, "rgb");
        if (sizePx < MIN_TILE_SIZE_PX || (long) sizePx * sizePx != rgb.length) {
            throw new IllegalArgumentException("tile of " + rgb.length + " pixels is not a square"
                    + " of side " + sizePx + " >= " + MIN_TILE_SIZE_PX + " px");
        }
        if (offset < 0 || offset + DIM > dst.length) {
            throw new IllegalArgumentException("descriptor at offset " + offset + " needs "
                    + DIM + " values, destination holds " + dst.length);
        }
        float[][] stains = new float[3][rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            for (int s = 0; s < 3; s++) {
                stains[s][i] = HdabDeconvolution.amount(rgb[i], s);
            }
        }
        describeStains(rgb, stains, dst, offset);
        describeGradients(stains[HdabDeconvolution.HAEMATOXYLIN], sizePx, dst, offset);
        describePatterns(stains[HdabDeconvolution.HAEMATOXYLIN], sizePx, dst, offset);
    }

    /**
     * Standardises every column of {@code matrix} in place to mean 0 and population standard
     * deviation 1 over its rows, so that no feature dominates Euclidean distances by its unit.
     * A column whose values are all equal becomes all 0. Single-threaded; the caller must not
     * use the matrix meanwhile.
     *
     * @param matrix descriptors, one row per tile, at least 1 row
     * @return the number of constant columns set to 0
     * @throws IllegalArgumentException if the matrix has no rows or holds a NaN or infinity
     */
    public static int standardizeColumns(FloatMatrix matrix) {
        int n = matrix.rowCount();
        int d = matrix.dim();
        if (n < 1) {
            throw new IllegalArgumentException("cannot standardise a matrix of 0 rows");
        }
        float[] data = matrix.data();
        int constant = 0;
        for (int c = 0; c < d; c++) {
            if (standardizeColumn(data, n, d, c)) {
                constant++;
            }
        }
        return constant;
    }

    /** Standardises column {@code c}; returns whether it was constant. */
    private static boolean standardizeColumn(float[] data, int n, int d, int c) {
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < n; r++) {
            float v = data[r * d + c];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("descriptor row " + r + ", column " + c
                        + " is " + v + "; expected a finite value");
            }
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / n;
        double squares = 0;
        for (int r = 0; r < n; r++) {
            double dev = data[r * d + c] - mean;
            squares += dev * dev;
        }
        double std = Math.sqrt(squares / n);
        boolean isConstant = min == max;
        for (int r = 0; r < n; r++) {
            data[r * d + c] = isConstant ? 0f : (float) ((data[r * d + c] - mean) / std);
        }
        return isConstant;
    }

    /** Fills the means, histograms and pixel fractions; leaves the means in {@code dst}. */
    private static void describeStains(int[] rgb, float[][] stains, float[] dst, int offset) {
        int n = rgb.length;
        double[] sum = new double[3];
        int tissue = 0;
        int dabPositive = 0;
        int[][] counts = new int[3][STAIN_BINS];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < 3; s++) {
                double v = stains[s][i];
                sum[s] += v;
                counts[s][binOf(v, BIN_START[s], BIN_WIDTH[s], STAIN_BINS)]++;
            }
            int p = rgb[i];
            double meanOd = (OD[(p >> 16) & 0xFF] + OD[(p >> 8) & 0xFF] + OD[p & 0xFF]) / 3;
            tissue += meanOd > TISSUE_MIN_OD ? 1 : 0;
            dabPositive += stains[HdabDeconvolution.DAB][i] > DAB_POSITIVE_MIN ? 1 : 0;
        }
        for (int s = 0; s < 3; s++) {
            dst[offset + MEAN + s] = (float) (sum[s] / n);
            for (int b = 0; b < STAIN_BINS; b++) {
                dst[offset + HISTOGRAM + s * STAIN_BINS + b] = (float) counts[s][b] / n;
            }
        }
        dst[offset + TISSUE_FRACTION] = (float) tissue / n;
        dst[offset + DAB_POSITIVE_FRACTION] = (float) dabPositive / n;
        describeSpread(stains, sum, dst, offset);
    }

    /**
     * Fills the deviations and the H-DAB correlation. Two passes (sum, then squared deviations
     * from the mean) keep a uniform tile at exactly 0.
     */
    private static void describeSpread(float[][] stains, double[] sum, float[] dst, int offset) {
        int n = stains[0].length;
        double[] mean = {sum[0] / n, sum[1] / n, sum[2] / n};
        double[] squares = new double[3];
        double cross = 0;
        for (int i = 0; i < n; i++) {
            double h = stains[0][i] - mean[0];
            double d = stains[1][i] - mean[1];
            double r = stains[2][i] - mean[2];
            squares[0] += h * h;
            squares[1] += d * d;
            squares[2] += r * r;
            cross += h * d;
        }
        for (int s = 0; s < 3; s++) {
            dst[offset + STD + s] = (float) Math.sqrt(squares[s] / n);
        }
        double scale = Math.sqrt(squares[0] * squares[1]);
        dst[offset + H_DAB_CORRELATION] = scale > 0
                ? (float) Math.max(-1.0, Math.min(1.0, cross / scale)) : 0f;
    }

    /** Fills the orientation sectors and the mean gradient magnitude of {@code h}. */
    private static void describeGradients(float[] h, int s, float[] dst, int offset) {
        double[] sectors = new double[ORIENTATION_BINS];
        double total = 0;
        int count = 0;
        for (int y = MARGIN_PX; y < s - MARGIN_PX; y++) {
            for (int x = MARGIN_PX; x < s - MARGIN_PX; x++) {
                double gx = 0.5 * (h[y * s + x + 1] - h[y * s + x - 1]);
                double gy = 0.5 * (h[(y + 1) * s + x] - h[(y - 1) * s + x]);
                double magnitude = Math.sqrt(gx * gx + gy * gy);
                count++;
                if (magnitude > 0) {
                    sectors[sectorOf(gx, gy)] += magnitude;
                    total += magnitude;
                }
            }
        }
        for (int b = 0; b < ORIENTATION_BINS; b++) {
            dst[offset + ORIENTATION + b] = total > 0 ? (float) (sectors[b] / total) : 0f;
        }
        dst[offset + GRADIENT_MAGNITUDE] = (float) (total / count);
    }

    /** Fills the local binary pattern fractions and the Laplacian RMS of {@code h}. */
    private static void describePatterns(float[] h, int s, float[] dst, int offset) {
        for (int r = 1; r <= 2; r++) {
            int[] counts = new int[LBP_BINS];
            double laplacianSq = 0;
            int n = 0;
            int[] ring = ringOffsets(s, r);
            for (int y = MARGIN_PX; y < s - MARGIN_PX; y++) {
                for (int x = MARGIN_PX; x < s - MARGIN_PX; x++) {
                    counts[patternClass(h, y * s + x, ring)]++;
                    double lap = h[(y - r) * s + x] + h[(y + r) * s + x] + h[y * s + x - r]
                            + h[y * s + x + r] - 4.0 * h[y * s + x];
                    laplacianSq += lap * lap;
                    n++;
                }
            }
            int base = offset + (r == 1 ? LBP_RADIUS_1 : LBP_RADIUS_2);
            for (int b = 0; b < LBP_BINS; b++) {
                dst[base + b] = (float) counts[b] / n;
            }
            dst[offset + LAPLACIAN_RMS + r - 1] = (float) Math.sqrt(laplacianSq / n);
        }
    }

    /** Returns the index steps to the 8 ring neighbours at distance {@code r}, in ring order. */
    private static int[] ringOffsets(int s, int r) {
        int[] dx = {r, r, 0, -r, -r, -r, 0, r};
        int[] dy = {0, r, r, r, 0, -r, -r, -r};
        int[] ring = new int[8];
        for (int k = 0; k < 8; k++) {
            ring[k] = dy[k] * s + dx[k];
        }
        return ring;
    }

    /**
     * Returns the rotation-invariant uniform pattern class of pixel {@code i}: the number of
     * ring neighbours at least as bright as the centre when the ring has at most 2 changes,
     * else {@link #LBP_BINS} - 1.
     */
    private static int patternClass(float[] h, int i, int[] ring) {
        float centre = h[i];
        int code = 0;
        for (int k = 0; k < 8; k++) {
            // bit set when neighbour - centre is not negative; branch-free, as the test is a
            // coin flip on textured tissue and mispredicted branches dominated the run time
            code |= (~Float.floatToRawIntBits(h[i + ring[k]] - centre) >>> 31) << k;
        }
        return PATTERN_CLASS[code];
    }

    private static int[] patternClassTable() {
        int[] table = new int[256];
        for (int code = 0; code < 256; code++) {
            int rotated = ((code << 1) | (code >>> 7)) & 0xFF;
            int changes = Integer.bitCount(code ^ rotated);
            table[code] = changes <= 2 ? Integer.bitCount(code) : LBP_BINS - 1;
        }
        return table;
    }

    /**
     * Returns the 45-degree sector, 0 to 7, of the direction {@code (gx, gy)}, counted from +x
     * towards +y; sector {@code k} holds angles in {@code [45 k, 45 (k + 1))} degrees.
     */
    static int sectorOf(double gx, double gy) {
        double x = gx;
        double y = gy;
        int quadrant = 0;
        for (; quadrant < 3 && !(x > 0 && y >= 0); quadrant++) {
            double turned = y;
            y = -x;
            x = turned;
        }
        return 2 * quadrant + (y >= x ? 1 : 0);
    }

    private static int binOf(double v, double start, double width, int bins) {
        int b = (int) Math.floor((v - start) / width);
        return Math.max(0, Math.min(bins - 1, b));
    }

    private static double[] opticalDensityTable() {
        double[] table = new double[256];
        for (int v = 0; v < 256; v++) {
            table[v] = HdabDeconvolution.opticalDensity(v);
        }
        return table;
    }
}
