package dev.curate.engine.demo;

/**
 * One demo tile: a square crop of the demo image, seen through one dihedral transform.
 *
 * @param index stable global tile index, 0 to {@code tileCount - 1}; the row of its embedding
 * @param slideId the slide this tile belongs to, one per transform (for example {@code ihc-r90})
 * @param x left edge of the crop in the original, untransformed image, in pixels
 * @param y top edge of the crop in the original, untransformed image, in pixels
 * @param transform the symmetry applied to the crop before it is shown or described
 */
public record DemoTile(int index, String slideId, int x, int y, DihedralTransform transform) {
}
