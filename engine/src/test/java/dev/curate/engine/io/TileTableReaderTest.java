package dev.curate.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TileTableReaderTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("tiles.csv"), text);
    }

    private String failure(Path file, long rows) {
        return assertThrows(IllegalArgumentException.class,
                () -> TileTableReader.read(file, rows)).getMessage();
    }

    @Test
    void readsSlideCountsByColumnNameWithQuotedCommas() throws IOException {
        Path file = csv("num_tiles,tissue,slide_id\n"
                + "2,\"Lung, left\",\"S-1, part a\"\n"
                + "3,Skin,S-2\n"
                + "0,Skin,S-3\n");

        TileTable table = TileTableReader.read(file, 5);

        assertEquals(List.of("S-1, part a", "S-2", "S-3"), table.slideIds());
        assertArrayEquals(new int[] {0, 0, 1, 1, 1}, table.slideOfTile());
        assertEquals("S-2", table.slideOf(4));
        assertFalse(table.hasCoordinates());
    }

    @Test
    void rejectsSlideCountsThatDoNotSumToTheRows() throws IOException {
        Path file = csv("slide_id,num_tiles\nA,5417\nB,6533\n");

        String message = failure(file, 11417);
        assertTrue(message.contains("sum to 11950") && message.contains("11417 rows"), message);
    }

    @Test
    void rejectsDuplicateSlideIdsNamingThem() throws IOException {
        String message = failure(csv("slide_id,num_tiles\nA,1\nB,1\nA,1\nB,1\nC,1\n"), 5);
        assertTrue(message.contains("duplicate slide ids [A, B]"), message);

        Path ranges = csv("slide_id,start_index,end_index\nA,0,1\nA,1,2\n");
        assertTrue(failure(ranges, 2).contains("duplicate slide ids [A]"));
    }

    @Test
    void readsRangesInAnyRowOrder() throws IOException {
        Path file = csv("slide_id,start_index,end_index\nB,2,5\nA,0,2\n");

        TileTable table = TileTableReader.read(file, 5);

        assertEquals(List.of("B", "A"), table.slideIds());
        assertArrayEquals(new int[] {1, 1, 0, 0, 0}, table.slideOfTile());
    }

    @Test
    void namesTheGapBetweenRanges() throws IOException {
        Path file = csv("slide_id,start_index,end_index\nA,0,2\nB,3,5\n");

        String message = failure(file, 5);
        assertTrue(message.contains("gap: rows 2..2") && message.contains("slide B"), message);
    }

    @Test
    void namesOverlappingRanges() throws IOException {
        Path file = csv("slide_id,start_index,end_index\nA,0,3\nB,2,5\n");

        String message = failure(file, 5);
        assertTrue(message.contains("overlap: slide B starts at 2 but slide A ends at 3"),
                message);
    }

    @Test
    void rejectsRangesShortOfTheRows() throws IOException {
        Path file = csv("slide_id,start_index,end_index\nA,0,3\n");

        String message = failure(file, 5);
        assertTrue(message.contains("rows 3..4 belong to no slide"), message);
    }

    @Test
    void readsPerTileRowsWithCoordinates() throws IOException {
        Path file = csv("slide_id,tile_x,tile_y\nA,0,0\nA,224,0\nB,448,224\n");

        TileTable table = TileTableReader.read(file, 3);

        assertEquals(List.of("A", "B"), table.slideIds());
        assertArrayEquals(new int[] {0, 0, 1}, table.slideOfTile());
        assertArrayEquals(new int[] {0, 224, 448}, table.tileX());
        assertArrayEquals(new int[] {0, 0, 224}, table.tileY());
    }

    @Test
    void rejectsPerTileRowCountOtherThanTheRows() throws IOException {
        Path file = csv("slide_id,tile_x,tile_y\nA,0,0\nA,224,0\n");

        assertTrue(failure(file, 3).contains("2 tile rows but the embeddings have 3 rows"));
        assertTrue(failure(file, 1).contains("more tile rows than the 1 embedding rows"));
    }

    @Test
    void rejectsMalformedNumbersNamingColumnAndRow() throws IOException {
        Path file = csv("slide_id,num_tiles\nA,2\nB,two\n");

        String message = failure(file, 4);
        assertTrue(message.contains("column num_tiles in data row 2 is 'two'"), message);
    }

    @Test
    void rejectsUnknownLayoutListingColumns() throws IOException {
        Path file = csv("slide,count\nA,2\n");

        String message = failure(file, 2);
        assertTrue(message.contains("[slide, count]"), message);
    }
}
