package dev.curate.engine.train.eval;

/**
 * Embeddings of the tiles that could be read, one row each.
 *
 * <p>The arrays are owned by the record and must not be changed.
 *
 * @param tileIndices global tile index of each row, in row order
 * @param features row-major {@code rows x dim} float32 features
 * @param dim feature width
 * @param missing tiles asked for that the image source did not have
 */
public record TileEmbeddings(long[] tileIndices, float[] features, int dim, long missing) {

    /** Returns the number of rows. */
    public int rows() {
        return tileIndices.length;
    }
}
