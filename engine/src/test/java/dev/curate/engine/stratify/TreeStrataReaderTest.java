package dev.curate.engine.stratify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tree CSV strata: ind is the row rank within the slide, quotes, gzip, and bad rows. */
class TreeStrataReaderTest {

    private static final String CSV = "slide_id,tile_x,tile_y,level_1,level_2\n"
            + "A,0,0,5,1\n"
            + "A,224,0,5,1\n"
            + "\"B,x\",0,0,7,0\n"
            + "A,448,0,7,0\n"
            + "\"B,x\",224,0,5,1\n";

    @TempDir
    Path tmp;

    @Test
    void indIsTheRankWithinTheSlideAndQuotedSlideIdsKeepTheirComma() throws IOException {
        Path file = Files.writeString(tmp.resolve("t.csv"), CSV);
        TreeStrataReader.Result r = TreeStrataReader.read(file, null);
        StrataPool pool = r.pool();
        assertEquals(2, r.level());
        assertEquals(2, r.levels());
        assertEquals(5, r.rows());
        assertEquals(2, r.quotedRows());
        assertEquals("A", pool.slideId(0));
        assertEquals("B,x", pool.slideId(1));
        assertEquals(3, pool.slideTiles(0));
        assertEquals(2, pool.slideTiles(1));
        assertEquals("1", pool.stratumLabel(0));
        assertEquals("0", pool.stratumLabel(1));
        // stratum "1": A ind 0, A ind 1, B,x ind 1; stratum "0": B,x ind 0, A ind 2
        assertArrayEquals(new int[] {0, 1, 1}, pool.inds(0));
        assertArrayEquals(new int[] {0, 1}, pool.runSlide(0));
        assertArrayEquals(new int[] {0, 2}, pool.runStart(0));
        assertArrayEquals(new int[] {0, 2}, pool.inds(1));
        assertArrayEquals(new int[] {1, 0}, pool.runSlide(1));
        assertEquals(2, pool.strataCount());
        StrataPool level1 = TreeStrataReader.read(file, 1).pool();
        assertEquals("5", level1.stratumLabel(0));
        assertEquals(3, level1.stratumSize(0));
    }

    @Test
    void gzipFileReadsLikeThePlainOne() throws IOException {
        Path gz = tmp.resolve("t.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(CSV.getBytes(StandardCharsets.UTF_8));
        }
        StrataPool pool = TreeStrataReader.read(gz, 2).pool();
        assertArrayEquals(new int[] {0, 1, 1}, pool.inds(0));
        assertEquals(5, pool.tileCount());
    }

    @Test
    void refusesUnknownLevelAndBadRowsNamingTheLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("t.csv"), CSV);
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> TreeStrataReader.read(file, 3));
        assertEquals("--level 3 is not a level of " + file + " (it has levels 1..2)",
                level.getMessage());
        Path bad = Files.writeString(tmp.resolve("bad.csv"), CSV + "A,0,0,5,-\n");
        IllegalArgumentException row = assertThrows(IllegalArgumentException.class,
                () -> TreeStrataReader.read(bad, null));
        assertEquals(bad + " line 7, column level_2: '-' is not an integer cluster label",
                row.getMessage());
        Path quoted = Files.writeString(tmp.resolve("q.csv"), CSV + "\"A\",0,0,5\n");
        IllegalArgumentException fields = assertThrows(IllegalArgumentException.class,
                () -> TreeStrataReader.read(quoted, null));
        assertEquals(quoted + " line 7: 4 fields, expected 5 as in the header",
                fields.getMessage());
        Path noLevels = Files.writeString(tmp.resolve("n.csv"), "slide_id,tile_x\nA,1\n");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TreeStrataReader.read(noLevels, null)).getMessage()
                .contains("needs columns slide_id and level_1..level_L"));
    }
}
