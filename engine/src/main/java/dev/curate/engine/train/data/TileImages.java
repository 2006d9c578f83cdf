package dev.curate.engine.train.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * File naming and decoding shared by the folder and tar sources. A tile is found as
 * {@code <slide_id>/<tile_index>.<ext>} or, when its coordinates are known,
 * {@code <slide_id>/<x>_<y>.<ext>}, with {@code ext} one of png, jpg, jpeg.
 */
final class TileImages {

    /** Accepted file extensions, in lookup order. */
    static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg");

    private TileImages() {
    }

    /** Returns the candidate names of a tile, relative to the folder or tar root. */
    static List<String> candidateNames(TileRef tile) {
        List<String> names = new ArrayList<>();
        for (String ext : EXTENSIONS) {
            names.add(tile.slideId() + "/" + tile.tileIndex() + "." + ext);
            if (tile.hasCoordinates()) {
                names.add(tile.slideId() + "/" + tile.tileX() + "_" + tile.tileY() + "." + ext);
            }
        }
        return names;
    }

    /** Decodes PNG or JPEG bytes; empty when ImageIO cannot decode them. */
    static Optional<TileImage> decode(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            return Optional.empty();
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] &= 0xFFFFFF;
        }
        return Optional.of(new TileImage(w, h, rgb));
    }
}
