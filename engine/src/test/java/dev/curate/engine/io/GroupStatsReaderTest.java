package dev.curate.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.curate.engine.io.GroupStatsReader.GroupStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupStatsReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryColumnOfEachGroup() throws IOException {
        Path csv = dir.resolve("stats.csv");
        Files.writeString(csv, "group,full_tiles,full_slides,sampled_tiles,sampled_slides,"
                + "fair_share,exhausted\n"
                + "Lung,120000,300,5000,280,5000.0,false\n"
                + "\"Bile, duct\",900,4,900,4,5000.0,true\n");

        assertEquals(List.of(new GroupStats("Lung", 120000, 300, 5000, 280, 5000.0, false),
                new GroupStats("Bile, duct", 900, 4, 900, 4, 5000.0, true)),
                GroupStatsReader.read(csv));
    }

    @Test
    void namesTheMissingColumn() throws IOException {
        Path csv = dir.resolve("stats.csv");
        Files.writeString(csv, "group,full_tiles\nLung,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GroupStatsReader.read(csv));
        assertEquals(csv + ": column 'full_slides' missing; expected columns group,full_tiles,"
                + "full_slides,sampled_tiles,sampled_slides,fair_share,exhausted, found "
                + "group,full_tiles", e.getMessage());
    }

    @Test
    void namesTheRowOfABadCount() throws IOException {
        Path csv = dir.resolve("stats.csv");
        Files.writeString(csv, String.join(",", GroupStatsReader.COLUMNS) + "\n"
                + "Lung,1,1,1,1,1.0,false\nKidney,-3,1,1,1,1.0,false\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GroupStatsReader.read(csv));
        assertEquals(csv + " row 2 column full_tiles: '-3' is not a count; expected an integer"
                + " >= 0", e.getMessage());
    }
}
