package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curate.engine.io.TileTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreJoinTest {

    @TempDir
    Path tmp;

    /** The C10 store: SLIDE-A 5417 rows, then SLIDE-B 6000 rows, no SLIDE-C. */
    private static TileTable c10Store() {
        int[] slideOf = new int[5417 + 6000];
        Arrays.fill(slideOf, 5417, slideOf.length, 1);
        return new TileTable(List.of("SLIDE-A", "SLIDE-B"), slideOf, null, null);
    }

    private MetadataPool c10Pool() throws IOException {
        return MetadataReader.read(MetadataFixtures.c10(tmp), "tissue_diagnosis", false).pool();
    }

    @Test
    void c10JoinNamesBothSlidesWithBothCounts() throws IOException {
        MetadataPool pool = c10Pool();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreJoin.join(pool, c10Store(), false));
        assertEquals("2 slides have num_tiles that disagree with the store: "
                + "SLIDE-C (metadata 10 vs store 0); SLIDE-B (metadata 6533 vs store 6000); "
                + "fix the metadata or re-ingest, or trust the store's counts (--trust-store); "
                + "nothing was sampled", e.getMessage());
    }

    @Test
    void c10TrustStoreUsesStoreCountsAndRecordsThem() throws IOException {
        StoreJoin join = StoreJoin.join(c10Pool(), c10Store(), true);
        assertArrayEquals(new long[] {5417, 0, 6000}, join.pool().tiles());
        assertEquals(List.of(new StoreJoin.Mismatch("SLIDE-C", 10, 0),
                new StoreJoin.Mismatch("SLIDE-B", 6533, 6000)), join.mismatches());
        assertEquals(0, join.storeOnlySlides());
        assertEquals(0, join.storeRow(0, 0));
        assertEquals(5417, join.storeRow(2, 0));
        assertEquals(11_416, join.storeRow(2, 5999));
    }

    @Test
    void storeRowsFollowTheStoreOrderEvenWhenSlidesInterleave() {
        MetadataPool pool = new MetadataPool("g", List.of("X", "Y"), new long[] {2, 3},
                new int[] {0, 0}, List.of("G"));
        TileTable table = new TileTable(List.of("Y", "X", "Z"), new int[] {0, 1, 0, 2, 1, 0},
                null, null);
        StoreJoin join = StoreJoin.join(pool, table, false);
        assertEquals(List.of(), join.mismatches());
        assertEquals(1, join.storeOnlySlides());
        assertEquals(List.of(1L, 4L), List.of(join.storeRow(0, 0), join.storeRow(0, 1)));
        assertEquals(List.of(0L, 2L, 5L), List.of(join.storeRow(1, 0), join.storeRow(1, 1),
                join.storeRow(1, 2)));
    }
}
