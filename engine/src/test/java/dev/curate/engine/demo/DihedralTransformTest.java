package dev.curate.engine.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DihedralTransformTest {

    private static final int SIZE = 5;

    @Test
    void quarterTurnShowsSourcePixelAtTurnedPosition() {
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int u = SIZE - 1 - y;
                int v = x;
                assertEquals(x, DihedralTransform.R90.sourceX(u, v, SIZE), "x of " + x + "," + y);
                assertEquals(y, DihedralTransform.R90.sourceY(u, v, SIZE), "y of " + x + "," + y);
            }
        }
    }

    @Test
    void mirrorAndHalfTurnGiveVerticalMirror() {
        for (int v = 0; v < SIZE; v++) {
            for (int u = 0; u < SIZE; u++) {
                assertEquals(SIZE - 1 - u, DihedralTransform.FLIP_R0.sourceX(u, v, SIZE));
                assertEquals(v, DihedralTransform.FLIP_R0.sourceY(u, v, SIZE));
                assertEquals(u, DihedralTransform.FLIP_R180.sourceX(u, v, SIZE));
                assertEquals(SIZE - 1 - v, DihedralTransform.FLIP_R180.sourceY(u, v, SIZE));
            }
        }
    }

    @Test
    void threeQuarterTurnsEqualOneAnticlockwise() {
        // anticlockwise turn: source (x, y) lands at (y, s - 1 - x)
        assertEquals(0, DihedralTransform.R270.sourceX(1, SIZE - 1, SIZE));
        assertEquals(1, DihedralTransform.R270.sourceY(1, SIZE - 1, SIZE));
    }

    @Test
    void eightTransformsAreDistinctPermutations() {
        Set<List<Integer>> maps = new HashSet<>();
        for (DihedralTransform t : DihedralTransform.values()) {
            Set<Integer> sources = new HashSet<>();
            List<Integer> map = new ArrayList<>();
            for (int v = 0; v < SIZE; v++) {
                for (int u = 0; u < SIZE; u++) {
                    int source = t.sourceY(u, v, SIZE) * SIZE + t.sourceX(u, v, SIZE);
                    sources.add(source);
                    map.add(source);
                }
            }
            assertEquals(SIZE * SIZE, sources.size(), t + " is not a bijection");
            maps.add(map);
        }
        assertEquals(8, maps.size());
    }

    @Test
    void labelsNameMirrorAndDegrees() {
        assertEquals("r0", DihedralTransform.R0.label());
        assertEquals("r270", DihedralTransform.R270.label());
        assertEquals("flip-r90", DihedralTransform.FLIP_R90.label());
    }
}
