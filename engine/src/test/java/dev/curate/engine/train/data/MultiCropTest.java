package dev.curate.engine.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.demo.HdabDeconvolution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Stain-aware jitter keeps background white; views are seeded per batch; missing counted. */
class MultiCropTest {

    private static final CropParams JITTER = new CropParams(8, 4, 2, 0.4f, 0.1f, 0.4f, 0.5f);

    @Test
    void stainJitterLeavesWhiteBackgroundWhiteAndChangesStainedPixels() {
        MultiCrop crops = new MultiCrop(JITTER);
        float[] white = new float[3 * 64];
        crops.globalView(uniform(16, 0xFFFFFF), new SplittableRandom(1), white, 0);
        float expected = (1f - 0.5f) / 0.25f;
        for (float v : white) {
            assertEquals(expected, v, 1e-6f, "white has no stain to scale");
        }
        int stained = HdabDeconvolution.pixelOf(0.6, 0.3, 0);
        float[] a = new float[3 * 64];
        float[] b = new float[3 * 64];
        crops.globalView(uniform(16, stained), new SplittableRandom(1), a, 0);
        crops.globalView(uniform(16, stained), new SplittableRandom(2), b, 0);
        assertNotEquals(a[0], b[0], "two draws of the jitter give two colours");
    }

    @Test
    void withoutJitterAUniformTileGivesItsOwnColour() {
        CropParams plain = new CropParams(8, 4, 2, 0.4f, 0.1f, 0.4f, 0f);
        float[] out = new float[3 * 16];
        new MultiCrop(plain).localView(uniform(16, 0x336699), new SplittableRandom(4), out, 0);
        assertEquals((0x33 / 255f - 0.5f) / 0.25f, out[0], 1e-6f);
        assertEquals((0x66 / 255f - 0.5f) / 0.25f, out[16], 1e-6f);
        assertEquals((0x99 / 255f - 0.5f) / 0.25f, out[47], 1e-6f);
    }

    @Test
    void viewsDependOnlyOnSeedAndBatchSequenceAndMissingTilesAreCounted() {
        TileImageSource images = ref -> ref.tileIndex() == 2 ? Optional.empty()
                : Optional.of(gradient(16, (int) ref.tileIndex()));
        ViewMaker maker = new ViewMaker(images, new MultiCrop(JITTER), 42, 0);
        TileBatch batch = new TileBatch(5, List.of(new TileRef("s", 0, -1, -1),
                new TileRef("s", 1, -1, -1), new TileRef("s", 2, -1, -1)), List.of());
        ViewBatch first = maker.make(batch);
        ViewBatch again = maker.make(batch);
        assertEquals(2, first.tiles());
        assertEquals(1, first.missing());
        assertEquals(2 * 2 * 3 * 64, first.globals().length);
        assertEquals(2 * 2 * 3 * 16, first.locals().length);
        assertArrayEquals(first.globals(), again.globals());
        ViewBatch next = maker.make(new TileBatch(6, batch.tiles(), List.of()));
        assertNotEquals(Arrays.hashCode(first.globals()), Arrays.hashCode(next.globals()));
    }

    @Test
    void halfTheGlobalViewsAreMaskedAtATenthToAHalfOfTheirPatches() {
        TileImageSource images = ref -> Optional.of(gradient(16, (int) ref.tileIndex()));
        ViewMaker maker = new ViewMaker(images, new MultiCrop(JITTER), 7, 16);
        List<TileRef> refs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            refs.add(new TileRef("s", i, -1, -1));
        }
        ViewBatch views = maker.make(new TileBatch(0, refs, List.of()));
        assertEquals(2 * 100 * 16, views.masks().length);
        int maskedViews = 0;
        for (int v = 0; v < 200; v++) {
            int count = 0;
            for (int p = 0; p < 16; p++) {
                count += (int) views.masks()[v * 16 + p];
            }
            if (count > 0) {
                maskedViews++;
                assertTrue(count >= 2 && count <= 8, "view " + v + " masks " + count + " of 16");
            }
        }
        // a fair coin per view: 100 +- 3 sigma (21)
        assertEquals(100, maskedViews, 21);
    }

    private static TileImage uniform(int side, int rgb) {
        int[] px = new int[side * side];
        Arrays.fill(px, rgb);
        return new TileImage(side, side, px);
    }

    private static TileImage gradient(int side, int salt) {
        int[] px = new int[side * side];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 7 + salt * 31) & 0xFFFFFF;
        }
        return new TileImage(side, side, px);
    }
}
