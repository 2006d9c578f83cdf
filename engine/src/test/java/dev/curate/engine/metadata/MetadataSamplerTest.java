package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetadataSamplerTest {

    private static MetadataSampler.Request request(SamplingMode mode, long n, long seed) {
        return new MetadataSampler.Request(mode, n, seed, false);
    }

    @Test
    void c08BalancedTakesAAndBWholeAndReportsTheirShortfall() {
        MetadataSample s = MetadataSampler.sample(MetadataFixtures.c08(),
                request(SamplingMode.BALANCED, 10, 4));
        assertArrayEquals(new long[] {1, 2, 7}, s.groupCounts());
        List<GroupStats> stats = s.stats();
        assertEquals(List.of(true, true, false), stats.stream().map(GroupStats::exhausted)
                .toList());
        assertEquals(2.33, stats.get(0).shortfall(), 0.005);
        assertEquals(1.33, stats.get(1).shortfall(), 0.005);
        assertEquals(0, stats.get(2).shortfall());
        assertEquals(10.0 / 3, stats.get(2).fairShare(), 1e-12);
        assertEquals(List.of(1L, 1L, 2L), stats.stream().map(GroupStats::fullSlides).toList());
        assertEquals(1, stats.get(0).sampledSlides());
        assertEquals(1, stats.get(1).sampledSlides());
        assertEquals(10, s.size());
    }

    @Test
    void c08StrictModeStopsStatingTheRatio() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetadataSampler.sample(MetadataFixtures.c08(),
                        new MetadataSampler.Request(SamplingMode.WEIGHTED, 10, 1, true)));
        assertTrue(e.getMessage().startsWith("strict proportional sampling is impossible: "
                + "n*max(w)/sum(w) = 3.33 > 1 for n = 10 tiles over 3 groups (smallest "
                + "non-empty group 1 tiles); drop --strict, or lower the target to at most 3"),
                e.getMessage());
    }

    @Test
    void strictModeAcceptsAProportionalDraw() {
        MetadataSample s = MetadataSampler.sample(MetadataFixtures.c08(),
                new MetadataSampler.Request(SamplingMode.WEIGHTED, 3, 1, true));
        assertEquals(1.0, s.proportionalityRatio(), 1e-12);
        assertEquals(3, s.size());
    }

    @Test
    void tilesAreDistinctInsideTheirSlideAndMatchTheSlideCounts() {
        MetadataPool pool = new MetadataPool("g", List.of("s0", "s1", "s2", "s3", "s4"),
                new long[] {30, 0, 45, 7, 18}, new int[] {0, 1, 0, 1, 2},
                List.of("P", "Q", "R"));
        for (SamplingMode mode : SamplingMode.values()) {
            MetadataSample s = MetadataSampler.sample(pool, request(mode, 40, 9));
            long[] perSlide = new long[5];
            Set<Long> seen = new HashSet<>();
            long[] previous = {-1, -1};
            s.forEachTile((slide, tile) -> {
                assertTrue(tile >= 0 && tile < pool.tiles()[slide], "slide " + slide + " tile "
                        + tile);
                long global = slide * 1000L + tile;
                assertTrue(seen.add(global), "repeat " + global);
                assertTrue(global > previous[0], "not ascending");
                previous[0] = global;
                perSlide[slide]++;
            });
            assertArrayEquals(s.slideCounts(), perSlide, mode.label());
            assertEquals(40, seen.size());
            long[] groups = s.groupCounts();
            assertEquals(groups[0], perSlide[0] + perSlide[2]);
            assertEquals(groups[1], perSlide[1] + perSlide[3]);
            assertEquals(groups[2], perSlide[4]);
        }
    }

    @Test
    void sameSeedGivesSameTilesAndOtherSeedsDiffer() {
        MetadataPool pool = MetadataFixtures.c08();
        List<Long> a = tiles(MetadataSampler.sample(pool, request(SamplingMode.WEIGHTED, 20, 5)));
        List<Long> b = tiles(MetadataSampler.sample(pool, request(SamplingMode.WEIGHTED, 20, 5)));
        List<Long> c = tiles(MetadataSampler.sample(pool, request(SamplingMode.WEIGHTED, 20, 6)));
        assertEquals(a, b);
        assertTrue(!a.equals(c), "seeds 5 and 6 drew the same tiles");
    }

    @Test
    void slideCountsOfAGroupAreHypergeometric() {
        // group C: slides of 40 and 57 tiles; 7 drawn -> mean 7 * 40 / 97 on the first slide
        MetadataPool pool = MetadataFixtures.c08();
        int runs = 20_000;
        double sum = 0;
        for (int seed = 0; seed < runs; seed++) {
            sum += MetadataSampler.sample(pool, request(SamplingMode.BALANCED, 10, seed))
                    .slideCounts()[2];
        }
        double mean = 7.0 * 40 / 97;
        double var = 7.0 * 40 / 97 * 57 / 97 * 90 / 96;
        assertEquals(mean, sum / runs, 5 * Math.sqrt(var / runs));
    }

    @Test
    void fractionRoundsHalfUpInExactDecimals() {
        assertEquals(34_966_418L, MetadataSampler.targetForFraction(new BigDecimal("0.1"),
                349_664_180L));
        assertEquals(2, MetadataSampler.targetForFraction(new BigDecimal("0.25"), 6));
        assertEquals(1, MetadataSampler.targetForFraction(new BigDecimal("0.2"), 4));
        assertThrows(IllegalArgumentException.class,
                () -> MetadataSampler.targetForFraction(new BigDecimal("1.5"), 10));
        assertThrows(IllegalArgumentException.class,
                () -> MetadataSampler.targetForFraction(BigDecimal.ZERO, 10));
    }

    private static List<Long> tiles(MetadataSample s) {
        List<Long> out = new ArrayList<>();
        s.forEachTile((slide, tile) -> out.add(slide * 1000L + tile));
        return out;
    }
}
