package dev.curate.engine.train.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curate.engine.demo.DemoTiles;
import dev.curate.engine.io.NpyReader;
import dev.curate.engine.train.DinoTrainer;
import dev.curate.engine.train.TrainParams;
import dev.curate.engine.train.data.DemoTileImageSource;
import dev.curate.engine.train.data.TileRef;
import dev.curate.engine.train.model.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teacher embeddings of demo tiles: missing ones left out, rows independent of batching. */
class TileEmbedderTest {

    @TempDir
    Path tmp;

    @Test
    void embedsFoundTilesInOrderAndTheSameTileAlikeInAnyBatch() {
        DemoTiles tiles = DemoTiles.load();
        DemoTileImageSource images = new DemoTileImageSource(tiles);
        List<TileRef> refs = List.of(ref(tiles, 10), new TileRef("nowhere", 11, -1, -1),
                ref(tiles, 500), ref(tiles, 4000));
        TrainParams p = TrainParams.defaults(ModelConfig.tiny(), 10);
        try (DinoTrainer trainer = DinoTrainer.create(p)) {
            TileEmbeddings byTwo = new TileEmbedder(trainer, 2).embed(refs, images);
            TileEmbeddings byOne = new TileEmbedder(trainer, 1).embed(refs, images);
            assertArrayEquals(new long[] {10, 500, 4000}, byTwo.tileIndices());
            assertEquals(1, byTwo.missing());
            assertEquals(32, byTwo.dim());
            assertArrayEquals(byOne.features(), byTwo.features(), 1e-5f);
            TileEmbedder.write(byTwo, tmp);
        }
        try (NpyReader back = NpyReader.open(tmp.resolve(TileEmbedder.EMBEDDINGS))) {
            assertEquals(3, back.rows());
            assertEquals(32, back.dim());
        }
    }

    private static TileRef ref(DemoTiles tiles, int t) {
        return new TileRef(tiles.tile(t).slideId(), t, tiles.tile(t).x(), tiles.tile(t).y());
    }
}
