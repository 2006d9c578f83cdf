package dev.curate.engine.train.data;

import dev.curate.engine.demo.HdabDeconvolution;
import java.util.SplittableRandom;

/**
 * Multi-crop augmentation (Caron et al. 2021, arXiv 2104.14294, section 3.1; Caron et al. 2020,
 * SwAV, section 3.2): per tile, two global and several local views, each a random square
 * region of a random share of the tile's area, resized bilinearly, mirrored horizontally and
 * vertically with probability 1/2 each, and colour-jittered along the stains.
 *
 * <p>The colour jitter is stain-aware: each pixel is unmixed into haematoxylin, DAB and residual
 * optical densities ({@link HdabDeconvolution}), the haematoxylin and DAB amounts are scaled by
 * per-view factors, and the pixel is re-mixed. A generic hue/saturation jitter would produce
 * colours no stain can make.
 *
 * <p>Output values are {@code (channel / 255 - 0.5) / 0.25}, channels first. Stateless and
 * thread-safe; randomness comes from the generator the caller passes.
 */
public final class MultiCrop {

    private static final float MEAN = 0.5f;
    private static final float STD = 0.25f;

    private final CropParams params;

    /**
     * Creates the augmentation.
     *
     * @param params crop sizes, counts, scales and jitter
     */
    public MultiCrop(CropParams params) {
        this.params = params;
    }

    /** Returns the parameters. */
    public CropParams params() {
        return params;
    }

    /**
     * Writes one global view of {@code tile} into {@code out}.
     *
     * @param tile the source pixels
     * @param random the generator, advanced
     * @param out destination, {@code 3 * globalCropPx^2} floats from {@code offset}
     * @param offset first index written
     */
    public void globalView(TileImage tile, SplittableRandom random, float[] out, int offset) {
        view(tile, params.globalScaleMin(), 1f, params.globalCropPx(), random, out, offset);
    }

    /**
     * Writes one local view of {@code tile} into {@code out}.
     *
     * @param tile the source pixels
     * @param random the generator, advanced
     * @param out destination, {@code 3 * localCropPx^2} floats from {@code offset}
     * @param offset first index written
     */
    public void localView(TileImage tile, SplittableRandom random, float[] out, int offset) {
        view(tile, params.localScaleMin(), params.localScaleMax(), params.localCropPx(), random,
                out, offset);
    }

    /**
     * Writes the whole tile resized to the global crop side, without flips or jitter: the view
     * used to embed a tile.
     *
     * @param tile the source pixels
     * @param out destination, {@code 3 * globalCropPx^2} floats from {@code offset}
     * @param offset first index written
     */
    public void fullView(TileImage tile, float[] out, int offset) {
        int size = params.globalCropPx();
        int plane = size * size;
        double stepX = (double) tile.width() / size;
        double stepY = (double) tile.height() / size;
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                int rgb = bilinear(tile, (u + 0.5) * stepX - 0.5, (v + 0.5) * stepY - 0.5);
                int at = offset + v * size + u;
                out[at] = normalise((rgb >> 16) & 0xFF);
                out[at + plane] = normalise((rgb >> 8) & 0xFF);
                out[at + 2 * plane] = normalise(rgb & 0xFF);
            }
        }
    }

    private void view(TileImage tile, float scaleMin, float scaleMax, int size,
            SplittableRandom random, float[] out, int offset) {
        // region: a square of a random share of the area, at a random place
        int shortSide = Math.min(tile.width(), tile.height());
        double area = scaleMin + (scaleMax - scaleMin) * random.nextDouble();
        double side = Math.max(1, Math.min(shortSide,
                Math.sqrt(area * tile.width() * tile.height())));
        double x0 = random.nextDouble() * (tile.width() - side);
        double y0 = random.nextDouble() * (tile.height() - side);
        boolean flipX = random.nextBoolean();
        boolean flipY = random.nextBoolean();
        double h = 1 + params.stainJitter() * (2 * random.nextDouble() - 1);
        double d = 1 + params.stainJitter() * (2 * random.nextDouble() - 1);

        // resample, mirror, jitter and normalise
        int plane = size * size;
        double step = side / size;
        for (int v = 0; v < size; v++) {
            int row = flipY ? size - 1 - v : v;
            for (int u = 0; u < size; u++) {
                int col = flipX ? size - 1 - u : u;
                int rgb = bilinear(tile, x0 + (u + 0.5) * step - 0.5, y0 + (v + 0.5) * step - 0.5);
                if (h != 1 || d != 1) {
                    rgb = HdabDeconvolution.pixelOf(
                            h * HdabDeconvolution.amount(rgb, HdabDeconvolution.HAEMATOXYLIN),
                            d * HdabDeconvolution.amount(rgb, HdabDeconvolution.DAB),
                            HdabDeconvolution.amount(rgb, HdabDeconvolution.RESIDUAL));
                }
                int at = offset + row * size + col;
                out[at] = normalise((rgb >> 16) & 0xFF);
                out[at + plane] = normalise((rgb >> 8) & 0xFF);
                out[at + 2 * plane] = normalise(rgb & 0xFF);
            }
        }
    }

    private static float normalise(int channel) {
        return (channel / 255f - MEAN) / STD;
    }

    /** Samples the tile at a real-valued position, clamping at the border. */
    static int bilinear(TileImage tile, double x, double y) {
        double cx = Math.max(0, Math.min(tile.width() - 1, x));
        double cy = Math.max(0, Math.min(tile.height() - 1, y));
        int x0 = (int) cx;
        int y0 = (int) cy;
        int x1 = Math.min(x0 + 1, tile.width() - 1);
        int y1 = Math.min(y0 + 1, tile.height() - 1);
        double fx = cx - x0;
        double fy = cy - y0;
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double top = channel(tile.pixel(x0, y0), shift) * (1 - fx)
                    + channel(tile.pixel(x1, y0), shift) * fx;
            double bottom = channel(tile.pixel(x0, y1), shift) * (1 - fx)
                    + channel(tile.pixel(x1, y1), shift) * fx;
            out = (out << 8) | (int) Math.round(top * (1 - fy) + bottom * fy);
        }
        return out;
    }

    private static int channel(int rgb, int shift) {
        return (rgb >> shift) & 0xFF;
    }
}
