package dev.curate.engine.train.data;

/**
 * The pixels of one tile: packed {@code 0xRRGGBB}, row-major, pixel {@code (x, y)} at
 * {@code y * width + x}. The array is owned by the image and must not be changed.
 *
 * @param width width in pixels, at least 1
 * @param height height in pixels, at least 1
 * @param rgb {@code width * height} packed pixels
 */
public record TileImage(int width, int height, int[] rgb) {

    /** Checks the sizes. */
    public TileImage {
        if (width < 1 || height < 1 || rgb.length != width * height) {
            throw new IllegalArgumentException("tile image of " + width + " x " + height
                    + " px needs " + (long) width * height + " pixels, got " + rgb.length);
        }
    }

    /** Returns the packed pixel at {@code (x, y)}. */
    public int pixel(int x, int y) {
        return rgb[y * width + x];
    }
}
