package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.TileTable;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataSampleWriterTest {

    @TempDir
    Path tmp;

    private static List<CSVRecord> readCsv(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .get().parse(in)) {
            return p.getRecords();
        }
    }

    private static long[] readInt64(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Short.toUnsignedInt(b.getShort(8));
        b.position(10 + headerLength);
        long[] out = new long[b.remaining() / 8];
        b.asLongBuffer().get(out);
        return out;
    }

    @Test
    void c10TrustStoreOutputReadsBackWithQuotedLabelsAndStoreRows() throws IOException {
        MetadataPool pool = MetadataReader.read(MetadataFixtures.c10(tmp), "tissue_diagnosis",
                false).pool();
        int[] slideOf = new int[5417 + 6000];
        Arrays.fill(slideOf, 6000, slideOf.length, 1);
        TileTable store = new TileTable(List.of("SLIDE-B", "SLIDE-A"), slideOf, null, null);
        StoreJoin join = StoreJoin.join(pool, store, true);
        MetadataSample s = MetadataSampler.sample(join.pool(), new MetadataSampler.Request(
                SamplingMode.BALANCED, 1000, 3, false));
        Path out = tmp.resolve("out");
        MetadataSampleWriter.write(s, join, out, false);

        List<CSVRecord> rows = readCsv(out.resolve(MetadataSampleWriter.SAMPLED));
        assertEquals(1000, rows.size());
        assertEquals(List.of("slide_id", "tile_idx", "tissue_diagnosis"),
                readHeader(out.resolve(MetadataSampleWriter.SAMPLED)));
        long[] npy = readInt64(out.resolve(MetadataSampleWriter.INDICES));
        assertEquals(1000, npy.length);
        long a = 0;
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord r = rows.get(i);
            long idx = Long.parseLong(r.get("tile_idx"));
            assertEquals(npy[i], idx);
            if (r.get("slide_id").equals("SLIDE-A")) {
                a++;
                assertEquals("Lung_Squamous cell carcinoma, keratinizing",
                        r.get("tissue_diagnosis"));
                assertTrue(idx >= 6000 && idx < 11_417, "SLIDE-A row " + idx);
            } else {
                assertEquals("SLIDE-B", r.get("slide_id"));
                assertEquals("Skin", r.get("tissue_diagnosis"));
                assertTrue(idx < 6000, "SLIDE-B row " + idx);
            }
        }
        assertEquals(500, a);

        List<CSVRecord> stats = readCsv(out.resolve(MetadataSampleWriter.STATS));
        assertEquals(List.of("Lung_Squamous cell carcinoma, keratinizing,5417,1,500,1,333.33,"
                + "false", "Lung_Adenocarcinoma,0,1,0,0,333.33,true", "Skin,6000,1,500,1,333.33,"
                + "false"), stats.stream().map(r -> String.join(",", r.toList())).toList());
        assertEquals(List.of("SLIDE-C,10,0", "SLIDE-B,6533,6000"),
                readCsv(out.resolve(MetadataSampleWriter.JOIN)).stream()
                        .map(r -> String.join(",", r.toList())).toList());
        BufferedImage png = ImageIO.read(out.resolve(MetadataSampleWriter.CHART).toFile());
        assertEquals(1400, png.getWidth());
        assertEquals(160 + 3 * 16, png.getHeight());
    }

    @Test
    void withoutStoreTileIdxIsThePoolRowInFileOrder() throws IOException {
        MetadataPool pool = MetadataFixtures.c08();
        MetadataSample s = MetadataSampler.sample(pool, new MetadataSampler.Request(
                SamplingMode.BALANCED, 100, 1, false));
        Path out = tmp.resolve("all");
        List<Long> progress = new ArrayList<>();
        MetadataSampleWriter.write(s, null, out, false, progress::add);
        assertEquals(List.of(100L), progress);
        List<CSVRecord> rows = readCsv(out.resolve(MetadataSampleWriter.SAMPLED));
        List<String> lines = new ArrayList<>();
        for (CSVRecord r : rows) {
            lines.add(r.get(0) + "," + r.get(1) + "," + r.get(2));
        }
        assertEquals(100, lines.size());
        assertEquals(List.of("a1,0,A", "b1,1,B", "b1,2,B", "c1,3,C"), lines.subList(0, 4));
        assertEquals("c1,42,C", lines.get(42));
        assertEquals("c2,43,C", lines.get(43));
        assertEquals("c2,99,C", lines.get(99));
        assertFalse(Files.exists(out.resolve(MetadataSampleWriter.JOIN)));
    }

    @Test
    void existingOutputIsKeptUnlessReplacing() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("kept"));
        Files.writeString(out.resolve("sampled.csv"), "old");
        MetadataSample s = MetadataSampler.sample(MetadataFixtures.c08(),
                new MetadataSampler.Request(SamplingMode.WEIGHTED, 10, 1, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetadataSampleWriter.write(s, null, out, false));
        assertTrue(e.getMessage().contains("exists and is not empty"), e.getMessage());
        assertEquals("old", Files.readString(out.resolve("sampled.csv")));
        MetadataSampleWriter.write(s, null, out, true);
        assertEquals(11, Files.readAllLines(out.resolve("sampled.csv")).size());
        try (var listing = Files.list(tmp)) {
            assertEquals(List.of("kept"), listing.map(p -> p.getFileName().toString())
                    .toList());
        }
    }

    private static List<String> readHeader(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return Arrays.asList(lines.findFirst().orElseThrow().split(","));
        }
    }
}
