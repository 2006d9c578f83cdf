package dev.curate.verticles.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curate.engine.store.TileStore;
import dev.curate.verticles.RuntimeFixtures;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardRowsTest {

    @TempDir
    Path dir;

    @Test
    void shardHoldsWholeSlidesByOrdinal() {
        Path store = RuntimeFixtures.ingestPool(dir);
        try (TileStore ts = TileStore.open(store, 256L << 20)) {
            ShardRows rows = ShardRows.of(ts, 1, 3);
            long[] want = LongStream.concat(LongStream.concat(LongStream.range(100, 200),
                    LongStream.range(400, 500)), LongStream.concat(LongStream.range(700, 800),
                    LongStream.range(1000, 1100))).toArray();
            assertArrayEquals(want, rows.tiles());
            assertEquals(400, rows.rows());
            float[] viaShard = new float[RuntimeFixtures.DIM];
            float[] viaStore = new float[RuntimeFixtures.DIM];
            rows.readRow(100, viaShard, 0);
            ts.vectors().readRow(400, viaStore, 0);
            assertArrayEquals(viaStore, viaShard);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ShardRows.of(ts, 3, 3));
            assertEquals("shard 3 of 3 is not a shard: need 0 <= shard < shards",
                    e.getMessage());
        }
    }
}
