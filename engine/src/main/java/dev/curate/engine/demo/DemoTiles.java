package dev.curate.engine.demo;

import dev.curate.engine.io.TileTable;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * The demo tile set: overlapping square crops of one image on a regular grid, each seen through
 * all 8 {@link DihedralTransform}s, with every transform acting as its own slide.
 *
 * <p>With a {@code w x h} image, tile side {@code s} and stride {@code p} the grid has
 * {@code cols = (w - s) / p + 1} columns and {@code rows = (h - s) / p + 1} rows; tile
 * {@code t = transform.ordinal() * rows * cols + row * cols + col} is the crop with top-left
 * corner {@code (col * p, row * p)} in the original image. Tiles of one slide are therefore
 * contiguous. The default set cuts 64 px tiles with a 16 px stride from the 512 x 512 H-DAB
 * colon image on the classpath: 29 x 29 positions, 6,728 tiles.
 *
 * <p>Instances are immutable and safe to share between threads; rendering is deterministic.
 * Pixels are kept as packed {@code 0xRRGGBB}; any alpha channel of the source is dropped.
 */
public final class DemoTiles {

    /** Classpath resource, next to this class, holding the 512 x 512 H-DAB demo image. */
    public static final String IMAGE_RESOURCE = "ihc.png";
    /** Slide id prefix of the default set; the transform label follows a dash. */
    public static final String IMAGE_NAME = "ihc";
    /** Tile side of the default set, in pixels. */
    public static final int DEFAULT_TILE_SIZE_PX = 64;
    /** Grid step of the default set, in pixels. */
    public static final int DEFAULT_STRIDE_PX = 16;

    private final String name;
    private final int[] pixels;
    private final int width;
    private final int height;
    private final int tileSizePx;
    private final int stridePx;
    private final int columns;
    private final int rows;
    private final List<DemoTile> tiles;

    private DemoTiles(String name, int[] pixels, int width, int height, int tileSizePx,
            int stridePx) {
        this.name = name;
        this.pixels = pixels;
        this.width = width;
        this.height = height;
        this.tileSizePx = tileSizePx;
        this.stridePx = stridePx;
        this.columns = (width - tileSizePx) / stridePx + 1;
        this.rows = (height - tileSizePx) / stridePx + 1;
        this.tiles = List.copyOf(enumerateTiles());
    }

    /**
     * Loads the default demo set: 64 px tiles with a 16 px stride over the classpath image.
     *
     * @return 6,728 tiles on 8 slides {@code ihc-r0} ... {@code ihc-flip-r270}
     * @throws IllegalStateException if the image resource is missing or cannot be decoded
     * @throws UncheckedIOException if reading the resource fails
     */
    public static DemoTiles load() {
        return of(readResourceImage(), IMAGE_NAME, DEFAULT_TILE_SIZE_PX, DEFAULT_STRIDE_PX);
    }

    /**
     * Cuts the tile set from any image.
     *
     * @param image the source image, at least {@code tileSizePx} on each side; it is copied
     * @param name slide id prefix, non-blank; slide ids are {@code name + "-" + label}
     * @param tileSizePx tile side in pixels, at least 1
     * @param stridePx grid step in pixels, at least 1
     * @return the tile set
     * @throws IllegalArgumentException if a size is out of range or the name is blank
     */
    public static DemoTiles of(BufferedImage image, String name, int tileSizePx, int stridePx) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("demo image name must not be blank");
        }
        if (tileSizePx < 1 || stridePx < 1) {
            throw new IllegalArgumentException("tile size " + tileSizePx + " px and stride "
                    + stridePx + " px must both be at least 1");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        if (tileSizePx > w || tileSizePx > h) {
            throw new IllegalArgumentException("tile size " + tileSizePx + " px exceeds image '"
                    + name + "' of " + w + " x " + h + " px");
        }
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= 0xFFFFFF;
        }
        return new DemoTiles(name, pixels, w, h, tileSizePx, stridePx);
    }

    private static BufferedImage readResourceImage() {
        try (InputStream in = DemoTiles.class.getResourceAsStream(IMAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("demo image resource '" + IMAGE_RESOURCE
                        + "' not found next to " + DemoTiles.class.getName());
            }
            BufferedImage image = ImageIO.read(in);
            if (image == null) {
                throw new IllegalStateException("demo image resource '" + IMAGE_RESOURCE
                        + "' is not in a format ImageIO can decode");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo image resource '"
                    + IMAGE_RESOURCE + "'", e);
        }
    }

    private List<DemoTile> enumerateTiles() {
        List<DemoTile> out = new ArrayList<>(DihedralTransform.values().length * rows * columns);
        for (DihedralTransform transform : DihedralTransform.values()) {
            String slideId = slideId(transform);
            for (int row = 0; row < rows; row++) {
                for (int col = 0; col < columns; col++) {
                    out.add(new DemoTile(out.size(), slideId, col * stridePx, row * stridePx,
                            transform));
                }
            }
        }
        return out;
    }

    /**
     * Returns the slide id of the tiles seen through {@code transform}.
     *
     * @param transform one of the 8 transforms
     * @return {@code name + "-" + transform.label()}, for example {@code ihc-flip-r90}
     */
    public String slideId(DihedralTransform transform) {
        return name + "-" + transform.label();
    }

    /** Returns the 8 slide ids in transform order, which is also the tile order. */
    public List<String> slideIds() {
        List<String> ids = new ArrayList<>();
        for (DihedralTransform transform : DihedralTransform.values()) {
            ids.add(slideId(transform));
        }
        return List.copyOf(ids);
    }

    /** Returns the number of tiles: 8 transforms times the grid positions. */
    public int tileCount() {
        return tiles.size();
    }

    /** Returns all tiles in index order (unmodifiable). */
    public List<DemoTile> tiles() {
        return tiles;
    }

    /**
     * Returns tile {@code index}.
     *
     * @param index global tile index, 0 to {@code tileCount() - 1}
     * @return the tile
     * @throws IllegalArgumentException if the index is out of range
     */
    public DemoTile tile(int index) {
        if (index < 0 || index >= tiles.size()) {
            throw new IllegalArgumentException("tile index " + index + " outside 0.."
                    + (tiles.size() - 1) + " of demo image '" + name + "'");
        }
        return tiles.get(index);
    }

    /** Returns the tile side in pixels. */
    public int tileSizePx() {
        return tileSizePx;
    }

    /** Returns the grid step in pixels. */
    public int stridePx() {
        return stridePx;
    }

    /** Returns the number of grid columns (positions along x). */
    public int columns() {
        return columns;
    }

    /** Returns the number of grid rows (positions along y). */
    public int rows() {
        return rows;
    }

    /**
     * Returns the tile table: one slide per transform, coordinates the crop's top-left corner
     * in the original image frame (the same for all 8 transforms of one position).
     */
    public TileTable tileTable() {
        int n = tiles.size();
        int[] slideOfTile = new int[n];
        int[] tileX = new int[n];
        int[] tileY = new int[n];
        for (DemoTile tile : tiles) {
            slideOfTile[tile.index()] = tile.transform().ordinal();
            tileX[tile.index()] = tile.x();
            tileY[tile.index()] = tile.y();
        }
        return new TileTable(slideIds(), slideOfTile, tileX, tileY);
    }

    /**
     * Renders tile {@code index} as packed {@code 0xRRGGBB} pixels, row-major.
     *
     * @param index global tile index, 0 to {@code tileCount() - 1}
     * @return a new array of {@code tileSizePx()^2} pixels; pixel {@code (u, v)} is at
     *     {@code v * tileSizePx() + u}
     */
    public int[] renderRgb(int index) {
        DemoTile tile = tile(index);
        DihedralTransform transform = tile.transform();
        int s = tileSizePx;
        int[] out = new int[s * s];
        for (int v = 0; v < s; v++) {
            for (int u = 0; u < s; u++) {
                int sx = tile.x() + transform.sourceX(u, v, s);
                int sy = tile.y() + transform.sourceY(u, v, s);
                out[v * s + u] = pixels[sy * width + sx];
            }
        }
        return out;
    }

    /**
     * Renders tile {@code index} as a new RGB image.
     *
     * @param index global tile index, 0 to {@code tileCount() - 1}
     * @return a {@link BufferedImage#TYPE_INT_RGB} image of {@code tileSizePx()} square
     */
    public BufferedImage render(int index) {
        int s = tileSizePx;
        BufferedImage image = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, s, s, renderRgb(index), 0, s);
        return image;
    }

    /**
     * Renders tile {@code index} as PNG bytes, for thumbnails.
     *
     * @param index global tile index, 0 to {@code tileCount() - 1}
     * @return the encoded PNG
     * @throws UncheckedIOException if the encoder fails
     */
    public byte[] renderPng(int index) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(render(index), "png", bytes)) {
                throw new IllegalStateException("no ImageIO writer for PNG in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode demo tile " + index + " as PNG", e);
        }
        return bytes.toByteArray();
    }
}
