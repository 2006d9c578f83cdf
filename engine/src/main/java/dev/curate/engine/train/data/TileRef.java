package dev.curate.engine.train.data;

import java.util.Objects;

/**
 * A reference to one tile: its slide, its global tile index and, when known, its coordinates.
 *
 * @param slideId the slide the tile was cut from, non-null
 * @param tileIndex global tile index (row of the embedding pool), at least 0
 * @param tileX x coordinate on the slide, or -1 when unknown
 * @param tileY y coordinate on the slide, or -1 when unknown
 */
public record TileRef(String slideId, long tileIndex, int tileX, int tileY) {

    /** Checks the slide id and the index. */
    public TileRef {
        Objects.requireNonNull(slideId, "slideId");
        if (tileIndex < 0) {
            throw new IllegalArgumentException("tile index " + tileIndex + " of slide '"
                    + slideId + "' must be at least 0");
        }
    }

    /** Returns whether the coordinates are known. */
    public boolean hasCoordinates() {
        return tileX >= 0 && tileY >= 0;
    }
}
