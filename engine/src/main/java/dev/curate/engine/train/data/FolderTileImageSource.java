package dev.curate.engine.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tiles as PNG/JPEG files in a folder, one subfolder per slide: {@code <root>/<slide_id>/
 * <tile_index>.png} or {@code <root>/<slide_id>/<x>_<y>.png} (also {@code .jpg},
 * {@code .jpeg}). Thread-safe.
 */
public final class FolderTileImageSource implements TileImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(FolderTileImageSource.class);

    private final Path root;

    /**
     * Reads tiles under {@code root}.
     *
     * @param root the folder holding one subfolder per slide
     * @throws IllegalArgumentException if {@code root} is not a folder
     */
    public FolderTileImageSource(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("tile image folder " + root
                    + " does not exist or is not a folder");
        }
        this.root = root;
    }

    @Override
    public Optional<TileImage> read(TileRef tile) {
        for (String name : TileImages.candidateNames(tile)) {
            Path file = root.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                Optional<TileImage> image = TileImages.decode(Files.readAllBytes(file));
                if (image.isEmpty()) {
                    LOG.warn("tile file {} is not a PNG or JPEG ImageIO can decode; "
                            + "counted as missing", file);
                }
                return image;
            } catch (IOException e) {
                LOG.warn("cannot read tile file {}: {}; counted as missing", file,
                        e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
