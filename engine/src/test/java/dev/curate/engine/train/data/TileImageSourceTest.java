package dev.curate.engine.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.demo.DemoTiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder, tar and demo tile sources: found tiles decode exactly, missing ones are empty. */
class TileImageSourceTest {

    @TempDir
    Path tmp;

    @Test
    void folderFindsTilesByIndexOrCoordinatesAndReportsMissingAsEmpty() throws IOException {
        Files.createDirectories(tmp.resolve("s1"));
        Files.write(tmp.resolve("s1").resolve("7.png"), png(0x102030));
        Files.write(tmp.resolve("s1").resolve("64_128.png"), png(0x405060));
        Files.write(tmp.resolve("s1").resolve("9.png"), new byte[] {1, 2, 3});
        FolderTileImageSource source = new FolderTileImageSource(tmp);
        assertArrayEquals(new int[] {0x102030, 0x102030, 0x102030, 0x102030},
                source.read(new TileRef("s1", 7, -1, -1)).orElseThrow().rgb());
        assertEquals(0x405060, source.read(new TileRef("s1", 8, 64, 128)).orElseThrow()
                .pixel(1, 1));
        assertTrue(source.read(new TileRef("s1", 8, -1, -1)).isEmpty());
        assertTrue(source.read(new TileRef("s2", 7, -1, -1)).isEmpty());
        assertTrue(source.read(new TileRef("s1", 9, -1, -1)).isEmpty(), "undecodable file");
    }

    @Test
    void tarShardsAreIndexedOnceAndReadByName() throws IOException {
        writeTar(tmp.resolve("a.tar"), List.of("shard-a/s1/0.png", "shard-a/s1/1.png"),
                0x010203);
        writeTar(tmp.resolve("b.tar"), List.of("s2/5.png"), 0x0A0B0C);
        try (TarTileImageSource source = new TarTileImageSource(tmp)) {
            assertEquals(3, source.entryCount());
            assertEquals(0x010203, source.read(new TileRef("s1", 1, -1, -1)).orElseThrow()
                    .pixel(0, 0));
            assertEquals(0x0A0B0C, source.read(new TileRef("s2", 5, -1, -1)).orElseThrow()
                    .pixel(1, 0));
            assertTrue(source.read(new TileRef("s2", 6, -1, -1)).isEmpty());
        }
    }

    @Test
    void sameTileInTwoShardsIsAnErrorNamingBoth() throws IOException {
        writeTar(tmp.resolve("a.tar"), List.of("s1/0.png"), 1);
        writeTar(tmp.resolve("b.tar"), List.of("s1/0.png"), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TarTileImageSource(tmp));
        assertEquals("tile 's1/0.png' is in two tar shards: " + tmp.resolve("a.tar") + " and "
                + tmp.resolve("b.tar"), e.getMessage());
    }

    @Test
    void demoSourceRendersTheDemoTileAndRefusesAnotherSlide() {
        DemoTiles tiles = DemoTiles.load();
        DemoTileImageSource source = new DemoTileImageSource(tiles);
        TileImage image = source.read(new TileRef("ihc-r90", 900, 0, 0)).orElseThrow();
        assertArrayEquals(tiles.renderRgb(900), image.rgb());
        assertEquals(64, image.width());
        assertTrue(source.read(new TileRef("ihc-r0", 900, 0, 0)).isEmpty());
        assertTrue(source.read(new TileRef("ihc-r0", 6728, 0, 0)).isEmpty());
    }

    private static byte[] png(int rgb) throws IOException {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 2, 2, new int[] {rgb, rgb, rgb, rgb}, 0, 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void writeTar(Path file, List<String> names, int rgb) throws IOException {
        byte[] bytes = png(rgb);
        try (OutputStream raw = Files.newOutputStream(file);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
            for (String name : names) {
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
    }
}
