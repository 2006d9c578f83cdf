package dev.curate.engine.train.data;

import java.util.Optional;

/**
 * Where tile pixels come from: a folder or tar shards of PNG/JPEG files, the demo image, or a
 * source the user plugs in.
 *
 * <p>A tile that is not there is an empty result, never an exception: the trainer counts and
 * reports missing tiles and trains on the rest of the batch. A file that is there but cannot
 * be decoded is also reported as missing, with a warning naming it. Implementations are safe
 * to call from the prefetch thread while the trainer runs.
 */
public interface TileImageSource extends AutoCloseable {

    /**
     * Reads one tile.
     *
     * @param tile the tile
     * @return its pixels, or empty when the source has no readable image for it
     */
    Optional<TileImage> read(TileRef tile);

    /** Releases open files; the default holds none. */
    @Override
    default void close() {
    }
}
