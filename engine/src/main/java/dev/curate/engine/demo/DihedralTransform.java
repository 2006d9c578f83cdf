package dev.curate.engine.demo;

/**
 * One of the 8 symmetries of a square tile: an optional horizontal mirror followed by 0 to 3
 * clockwise quarter turns. The demo treats each as its own slide, the way augmented copies
 * would look to the curation engine.
 *
 * <p>Coordinates follow image convention: x grows to the right, y grows downwards. A clockwise
 * quarter turn moves the source pixel {@code (x, y)} of an {@code s x s} tile to
 * {@code (s - 1 - y, x)}; the mirror moves it to {@code (s - 1 - x, y)}.
 */
public enum DihedralTransform {
    /** The tile as cut. */
    R0(0, false),
    /** One clockwise quarter turn. */
    R90(1, false),
    /** A half turn. */
    R180(2, false),
    /** Three clockwise quarter turns (one anticlockwise). */
    R270(3, false),
    /** Horizontal mirror. */
    FLIP_R0(0, true),
    /** Horizontal mirror, then one clockwise quarter turn. */
    FLIP_R90(1, true),
    /** Horizontal mirror, then a half turn (a vertical mirror). */
    FLIP_R180(2, true),
    /** Horizontal mirror, then three clockwise quarter turns. */
    FLIP_R270(3, true);

    private final int quarterTurns;
    private final boolean mirrored;

    DihedralTransform(int quarterTurns, boolean mirrored) {
        this.quarterTurns = quarterTurns;
        this.mirrored = mirrored;
    }

    /** Returns the number of clockwise quarter turns, 0 to 3, applied after the mirror. */
    public int quarterTurns() {
        return quarterTurns;
    }

    /** Returns whether the tile is mirrored horizontally before it is turned. */
    public boolean mirrored() {
        return mirrored;
    }

    /** Returns a short lowercase label such as {@code r90} or {@code flip-r270}. */
    public String label() {
        return (mirrored ? "flip-r" : "r") + quarterTurns * 90;
    }

    /**
     * Returns the source x of the pixel shown at {@code (u, v)} of the transformed tile.
     *
     * @param u output column, 0 to {@code sizePx - 1}
     * @param v output row, 0 to {@code sizePx - 1}
     * @param sizePx tile side in pixels, at least 1
     * @return the column in the untransformed tile, 0 to {@code sizePx - 1}
     */
    public int sourceX(int u, int v, int sizePx) {
        int x = switch (quarterTurns) {
            case 0 -> u;
            case 1 -> v;
            case 2 -> sizePx - 1 - u;
            default -> sizePx - 1 - v;
        };
        return mirrored ? sizePx - 1 - x : x;
    }

    /**
     * Returns the source y of the pixel shown at {@code (u, v)} of the transformed tile.
     *
     * @param u output column, 0 to {@code sizePx - 1}
     * @param v output row, 0 to {@code sizePx - 1}
     * @param sizePx tile side in pixels, at least 1
     * @return the row in the untransformed tile, 0 to {@code sizePx - 1}
     */
    public int sourceY(int u, int v, int sizePx) {
        return switch (quarterTurns) {
            case 0 -> v;
            case 1 -> sizePx - 1 - u;
            case 2 -> sizePx - 1 - v;
            default -> u;
        };
    }
}
