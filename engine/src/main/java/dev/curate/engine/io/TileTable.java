package dev.curate.engine.io;

import java.util.List;
import java.util.Objects;

/**
 * Which slide (and where on it) each tile is. Tile {@code t} (a global row number) lies on slide
 * {@code slideIds.get(slideOfTile[t])} at {@code (tileX[t], tileY[t])} when coordinates are
 * known. Without a tile table every row is its own tile on one unnamed slide ({@code ""}).
 *
 * <p>The arrays are owned by the table and must not be changed.
 *
 * @param slideIds distinct slide ids, in first-seen order
 * @param slideOfTile per tile, an index into {@code slideIds}
 * @param tileX per tile x coordinate, or {@code null} when unknown
 * @param tileY per tile y coordinate, or {@code null} when unknown
 */
public record TileTable(List<String> slideIds, int[] slideOfTile, int[] tileX, int[] tileY) {

    /** Checks that every array has one entry per tile and every slide index is valid. */
    public TileTable {
        slideIds = List.copyOf(Objects.requireNonNull(slideIds, "slideIds"));
        Objects.requireNonNull(slideOfTile, "slideOfTile");
        if ((tileX == null) != (tileY == null)) {
            throw new IllegalArgumentException("tileX and tileY must both be given or both null");
        }
        if (tileX != null && (tileX.length != slideOfTile.length
                || tileY.length != slideOfTile.length)) {
            throw new IllegalArgumentException("coordinates for " + tileX.length + " tiles, "
                    + "slides for " + slideOfTile.length);
        }
        for (int t = 0; t < slideOfTile.length; t++) {
            if (slideOfTile[t] < 0 || slideOfTile[t] >= slideIds.size()) {
                throw new IllegalArgumentException("tile " + t + " names slide index "
                        + slideOfTile[t] + " of " + slideIds.size());
            }
        }
    }

    /** Returns the table for {@code tiles} rows that each are their own tile on one slide. */
    public static TileTable unnamed(int tiles) {
        return new TileTable(List.of(""), new int[tiles], null, null);
    }

    /** Returns the number of tiles. */
    public int tileCount() {
        return slideOfTile.length;
    }

    /** Returns the slide id of tile {@code t}. */
    public String slideOf(long t) {
        return slideIds.get(slideOfTile[Math.toIntExact(t)]);
    }

    /** Returns whether per-tile coordinates are known. */
    public boolean hasCoordinates() {
        return tileX != null;
    }
}
