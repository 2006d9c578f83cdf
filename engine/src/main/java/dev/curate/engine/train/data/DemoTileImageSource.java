package dev.curate.engine.train.data;

import dev.curate.engine.demo.DemoTiles;
import java.util.Optional;

/**
 * Real H-DAB pixels for the demo's tiles: tile index {@code t} of {@link DemoTiles} rendered
 * with its transform. Thread-safe (rendering is).
 */
public final class DemoTileImageSource implements TileImageSource {

    private final DemoTiles tiles;

    /**
     * Wraps a demo tile set.
     *
     * @param tiles the tile set whose indices the batches use
     */
    public DemoTileImageSource(DemoTiles tiles) {
        this.tiles = tiles;
    }

    @Override
    public Optional<TileImage> read(TileRef tile) {
        if (tile.tileIndex() >= tiles.tileCount()) {
            return Optional.empty();
        }
        int index = (int) tile.tileIndex();
        if (!tiles.tile(index).slideId().equals(tile.slideId())) {
            return Optional.empty();
        }
        int s = tiles.tileSizePx();
        return Optional.of(new TileImage(s, s, tiles.renderRgb(index)));
    }
}
