package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataReaderTest {

    @TempDir
    Path tmp;

    @Test
    void c10ReadsQuotedCommasAndColumnsByName() throws IOException {
        MetadataReader.Result r = MetadataReader.read(MetadataFixtures.c10(tmp),
                "tissue_diagnosis", false);
        MetadataPool pool = r.pool();
        assertEquals(List.of("SLIDE-A", "SLIDE-C", "SLIDE-B"), pool.slideIds());
        assertArrayEquals(new long[] {5417, 10, 6533}, pool.tiles());
        assertEquals(List.of("Lung_Squamous cell carcinoma, keratinizing", "Lung_Adenocarcinoma",
                "Skin"), pool.groups());
        assertArrayEquals(new int[] {0, 1, 2}, pool.groupOfSlide());
        assertEquals(new MissingGroups(0, 0, false), r.missing());
    }

    @Test
    void groupsByAnyNamedColumn() throws IOException {
        MetadataPool pool = MetadataReader.read(MetadataFixtures.c10(tmp), "tissue", false)
                .pool();
        assertEquals(List.of("Lung", "Skin"), pool.groups());
        assertArrayEquals(new long[] {5427, 6533}, pool.groupTiles());
        assertArrayEquals(new long[] {2, 1}, pool.groupSlides());
    }

    @Test
    void realCsvsHoldAllTilesSlidesAndGroups() {
        MetadataPool pool = MetadataReader.read(MetadataFixtures.realFiles(), "tissue_diagnosis",
                false).pool();
        assertEquals(349_664_180L, pool.tileCount());
        assertEquals(37_096, pool.slideCount());
        assertEquals(266, pool.groupCount());
        long[] sizes = pool.groupTiles();
        assertEquals(20_767_248L, java.util.Arrays.stream(sizes).max().orElseThrow());
        assertEquals(2_175L, java.util.Arrays.stream(sizes).min().orElseThrow());
    }

    @Test
    void duplicateSlideIdsAreAnErrorNamingSlidesAndRows() throws IOException {
        Path a = MetadataFixtures.write(tmp.resolve("a.csv"),
                "slide_id,tissue_diagnosis,num_tiles\nS1,X,3\nS2,X,4\nS1,Y,5\n");
        Path b = MetadataFixtures.write(tmp.resolve("b.csv"),
                "num_tiles,slide_id,tissue_diagnosis\n7,S2,Z\n8,S3,Z\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetadataReader.read(List.of(a, b), "tissue_diagnosis", false));
        assertEquals("duplicate slide ids (2 slides; each slide id may appear once across all "
                + "metadata files): S1 at a.csv data row 1 and a.csv data row 3; "
                + "S2 at a.csv data row 2 and b.csv data row 1;", e.getMessage());
    }

    @Test
    void missingGroupValuesFormTheirOwnReportedGroup() throws IOException {
        Path f = MetadataFixtures.write(tmp.resolve("m.csv"),
                "slide_id,tissue_diagnosis,num_tiles\nS1,X,3\nS2,NA,4\nS3,,5\nS4,nan,6\n"
                        + "S5,X,1\n");
        MetadataReader.Result r = MetadataReader.read(List.of(f), "tissue_diagnosis", false);
        assertEquals(new MissingGroups(3, 15, false), r.missing());
        assertEquals(List.of("X", MetadataReader.MISSING_GROUP), r.pool().groups());
        assertArrayEquals(new long[] {4, 15}, r.pool().groupTiles());
        assertEquals(19, r.pool().tileCount());
    }

    @Test
    void dropMissingLeavesThoseSlidesOutAndCountsThem() throws IOException {
        Path f = MetadataFixtures.write(tmp.resolve("m.csv"),
                "slide_id,tissue_diagnosis,num_tiles\nS1,X,3\nS2,N/A,4\nS3,Y,5\n");
        MetadataReader.Result r = MetadataReader.read(List.of(f), "tissue_diagnosis", true);
        assertEquals(new MissingGroups(1, 4, true), r.missing());
        assertEquals(List.of("S1", "S3"), r.pool().slideIds());
        assertEquals(List.of("X", "Y"), r.pool().groups());
    }

    @Test
    void missingColumnIsAnErrorListingTheFileColumns() throws IOException {
        Path f = MetadataFixtures.write(tmp.resolve("m.csv"), "slide_id,tissue,num_tiles\n"
                + "S1,X,3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetadataReader.read(List.of(f), "tissue_diagnosis", false));
        assertTrue(e.getMessage().endsWith("m.csv: no column 'tissue_diagnosis'; the file has "
                + "columns [slide_id, tissue, num_tiles]"), e.getMessage());
    }

    @Test
    void badTileCountIsAnErrorNamingSlideRowAndValue() throws IOException {
        Path f = MetadataFixtures.write(tmp.resolve("m.csv"),
                "slide_id,tissue_diagnosis,num_tiles\nS1,X,3\nS2,X,-4\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetadataReader.read(List.of(f), "tissue_diagnosis", false));
        assertTrue(e.getMessage().endsWith("m.csv: slide S2 (data row 2) has num_tiles '-4', "
                + "expected an integer of at least 0"), e.getMessage());
    }
}
