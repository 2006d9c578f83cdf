package dev.curate.engine.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.io.TileTable;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoTilesTest {

    private static DemoTiles demo;

    @BeforeAll
    static void loadDemo() {
        demo = DemoTiles.load();
    }

    /** A 10 x 8 image whose pixel (x, y) is 0xXXYY5A, so every pixel names its position. */
    private static BufferedImage positionImage() {
        BufferedImage image = new BufferedImage(10, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 10; x++) {
                image.setRGB(x, y, (x << 16) | (y << 8) | 0x5A);
            }
        }
        return image;
    }

    private static int pixelAt(int x, int y) {
        return (x << 16) | (y << 8) | 0x5A;
    }

    @Test
    void defaultGridHas29By29PositionsTimes8Transforms() {
        assertEquals(29, demo.columns());
        assertEquals(29, demo.rows());
        assertEquals(6728, demo.tileCount());
        assertEquals(new DemoTile(0, "ihc-r0", 0, 0, DihedralTransform.R0), demo.tile(0));
        assertEquals(new DemoTile(28, "ihc-r0", 448, 0, DihedralTransform.R0), demo.tile(28));
        assertEquals(new DemoTile(29, "ihc-r0", 0, 16, DihedralTransform.R0), demo.tile(29));
        assertEquals(new DemoTile(840, "ihc-r0", 448, 448, DihedralTransform.R0),
                demo.tile(840));
        assertEquals(new DemoTile(841, "ihc-r90", 0, 0, DihedralTransform.R90), demo.tile(841));
        assertEquals(new DemoTile(6727, "ihc-flip-r270", 448, 448, DihedralTransform.FLIP_R270),
                demo.tile(6727));
        for (int t = 0; t < demo.tileCount(); t++) {
            assertEquals(t, demo.tiles().get(t).index());
        }
    }

    @Test
    void tileTableHasOneSlidePerTransformAndOriginalCorners() {
        TileTable table = demo.tileTable();
        assertEquals(List.of("ihc-r0", "ihc-r90", "ihc-r180", "ihc-r270", "ihc-flip-r0",
                "ihc-flip-r90", "ihc-flip-r180", "ihc-flip-r270"), table.slideIds());
        assertEquals(6728, table.tileCount());
        int t = 3 * 841 + 2 * 29 + 5;
        assertEquals("ihc-r270", table.slideOf(t));
        assertEquals(80, table.tileX()[t]);
        assertEquals(32, table.tileY()[t]);
    }

    @Test
    void classpathImageEqualsSharedImage() throws IOException {
        Path shared = Path.of(System.getProperty("curate.shared", "../../shared"));
        BufferedImage expected = ImageIO.read(shared.resolve("data/images/ihc.png").toFile());
        BufferedImage tile = demo.render(840);
        for (int v = 0; v < 64; v += 7) {
            for (int u = 0; u < 64; u += 5) {
                assertEquals(expected.getRGB(448 + u, 448 + v) & 0xFFFFFF,
                        tile.getRGB(u, v) & 0xFFFFFF, "pixel " + u + "," + v);
            }
        }
    }

    @Test
    void smallGridCountsPositionsAndCutsCrops() {
        DemoTiles tiles = DemoTiles.of(positionImage(), "pos", 4, 3);
        assertEquals(3, tiles.columns());
        assertEquals(2, tiles.rows());
        assertEquals(48, tiles.tileCount());
        DemoTile last = tiles.tile(5);
        assertEquals(6, last.x());
        assertEquals(3, last.y());
        int[] crop = tiles.renderRgb(5);
        assertEquals(pixelAt(6, 3), crop[0]);
        assertEquals(pixelAt(9, 3), crop[3]);
        assertEquals(pixelAt(7, 6), crop[3 * 4 + 1]);
    }

    @Test
    void quarterTurnRendersSourcePixelAtTurnedPosition() {
        DemoTiles tiles = DemoTiles.of(positionImage(), "pos", 4, 3);
        int t = DihedralTransform.R90.ordinal() * 6 + 4;
        DemoTile tile = tiles.tile(t);
        assertEquals("pos-r90", tile.slideId());
        assertEquals(3, tile.x());
        assertEquals(3, tile.y());
        int[] turned = tiles.renderRgb(t);
        // crop pixel (x, y) shows at (3 - y, x)
        assertEquals(pixelAt(3, 3), turned[0 * 4 + 3]);
        assertEquals(pixelAt(3, 6), turned[0 * 4 + 0]);
        assertEquals(pixelAt(4, 4), turned[1 * 4 + 2]);
        assertEquals(pixelAt(6, 6), turned[3 * 4 + 0]);
    }

    @Test
    void mirroredTileReversesRows() {
        DemoTiles tiles = DemoTiles.of(positionImage(), "pos", 4, 3);
        int[] mirrored = tiles.renderRgb(DihedralTransform.FLIP_R0.ordinal() * 6);
        assertEquals(pixelAt(3, 0), mirrored[0]);
        assertEquals(pixelAt(0, 2), mirrored[2 * 4 + 3]);
    }

    @Test
    void pngRoundTripKeepsPixelsAndIsDeterministic() throws IOException {
        int t = 2 * 841 + 300;
        byte[] png = demo.renderPng(t);
        assertArrayEquals(png, demo.renderPng(t));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(64, decoded.getWidth());
        int[] expected = demo.renderRgb(t);
        int[] actual = decoded.getRGB(0, 0, 64, 64, null, 0, 64);
        for (int i = 0; i < actual.length; i++) {
            actual[i] &= 0xFFFFFF;
        }
        assertArrayEquals(expected, actual);
    }

    @Test
    void rejectsTileLargerThanImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DemoTiles.of(positionImage(), "pos", 9, 1));
        assertTrue(e.getMessage().contains("10 x 8"), e.getMessage());
    }

    @Test
    void rejectsZeroStrideAndBlankName() {
        assertThrows(IllegalArgumentException.class,
                () -> DemoTiles.of(positionImage(), "pos", 4, 0));
        assertThrows(IllegalArgumentException.class,
                () -> DemoTiles.of(positionImage(), " ", 4, 1));
    }

    @Test
    void rejectsTileIndexOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> demo.renderRgb(6728));
        assertTrue(e.getMessage().contains("6728"), e.getMessage());
    }
}
