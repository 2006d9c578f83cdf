package dev.curate.engine.stratify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata strata: columns by name, quoted commas (C10), empty values, duplicate slides. */
class MetadataStrataReaderTest {

    @TempDir
    Path tmp;

    @Test
    void c10LayoutsAndQuotedCommasGiveTheRightStrataAndTileCounts() throws IOException {
        Path tcga = Files.writeString(tmp.resolve("tcga.csv"),
                "slide_id,tissue,primary_diagnosis,tissue_diagnosis,num_tiles\n"
                        + "SLIDE-A,Lung,\"Squamous cell carcinoma, keratinizing\","
                        + "\"Lung_Squamous cell carcinoma, keratinizing\",5417\n"
                        + "SLIDE-D,Lung,x,,12\n");
        Path gtex = Files.writeString(tmp.resolve("gtex.csv"),
                "slide_id,tissue_diagnosis,num_tiles,tissue\nSLIDE-B,Skin,6533,Skin\n");
        MetadataStrataReader.Result r = MetadataStrataReader.read(List.of(tcga, gtex),
                "tissue_diagnosis");
        StrataPool pool = r.pool();
        assertEquals(2, pool.strataCount());
        assertEquals("Lung_Squamous cell carcinoma, keratinizing", pool.stratumLabel(0));
        assertEquals(5417, pool.stratumSize(0));
        assertEquals("Skin", pool.stratumLabel(1));
        assertEquals(6533, pool.stratumSize(1));
        assertEquals(1, r.slidesWithoutValue());
        assertEquals(12, r.tilesWithoutValue());
        assertEquals(5417 + 6533, pool.tileCount());
    }

    @Test
    void refusesRepeatedSlideAndBadTileCountNamingFileAndLine() throws IOException {
        Path a = Files.writeString(tmp.resolve("a.csv"), "slide_id,num_tiles,g\nS1,4,x\n");
        Path b = Files.writeString(tmp.resolve("b.csv"), "slide_id,g,num_tiles\nS2,y,3\n"
                + "S1,y,2\n");
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> MetadataStrataReader.read(List.of(a, b), "g"));
        assertEquals(b + " line 3: slide S1 appears again (first at " + a + " line 2)",
                dup.getMessage());
        Path c = Files.writeString(tmp.resolve("c.csv"), "slide_id,num_tiles,g\nS1,-4,x\n");
        IllegalArgumentException tiles = assertThrows(IllegalArgumentException.class,
                () -> MetadataStrataReader.read(List.of(c), "g"));
        assertEquals(c + " line 2, column num_tiles: '-4' is not a non-negative integer",
                tiles.getMessage());
    }
}
