package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 10% draw on the real TCGA + GTEx pool (field case C08): 34,966,418 of 349,664,180 tiles
 * over 266 tissue_diagnosis groups. Per-group and per-slide counts only; no per-tile output.
 */
class RealPoolSamplingTest {

    private static MetadataPool pool;
    private static long target;

    @BeforeAll
    static void readPool() {
        pool = MetadataReader.read(MetadataFixtures.realFiles(), "tissue_diagnosis", false)
                .pool();
        target = MetadataSampler.targetForFraction(new BigDecimal("0.1"), pool.tileCount());
    }

    @Test
    void tenPercentIsExactlyTheTarget() {
        assertEquals(34_966_418L, target);
        assertEquals(60.438, GroupQuotas.proportionalityRatio(pool.groupTiles(), target), 5e-4);
    }

    @Test
    void balancedGivesExactWaterFillingQuotas() {
        MetadataSample s = MetadataSampler.sample(pool, new MetadataSampler.Request(
                SamplingMode.BALANCED, target, 25, false));
        List<GroupStats> stats = s.stats();
        assertEquals(target, s.size());
        long exhausted = stats.stream().filter(GroupStats::exhausted).count();
        assertEquals(141, exhausted);
        long whole = 0;
        for (GroupStats g : stats) {
            assertEquals(34_966_418.0 / 266, g.fairShare(), 1e-6);
            if (g.exhausted()) {
                assertEquals(g.fullTiles(), g.sampledTiles(), g.group());
                assertEquals(g.fullSlides(), g.sampledSlides(), g.group());
            }
            if (g.sampledTiles() == g.fullTiles()) {
                whole++;
                assertTrue(g.fullTiles() <= 246_748, g.group() + " " + g.fullTiles());
            } else {
                // the water-filling cut: the remaining 102 groups all get the same quota
                assertEquals(246_748, g.sampledTiles(), g.group());
            }
        }
        // the 141 small groups leave room, so the cut rises above 23 more groups' sizes
        assertEquals(164, whole);
        long[] perSlide = s.slideCounts();
        long sum = 0;
        for (int i = 0; i < perSlide.length; i++) {
            assertTrue(perSlide[i] <= pool.tiles()[i], pool.slideIds().get(i));
            sum += perSlide[i];
        }
        assertEquals(target, sum);
    }

    @Test
    void weightedTotalIsExactAndGroupsFollowTheWalleniusMean() {
        MetadataSample s = MetadataSampler.sample(pool, new MetadataSampler.Request(
                SamplingMode.WEIGHTED, target, 25, false));
        assertEquals(target, s.size());
        long[] sizes = pool.groupTiles();
        double[] w = GroupQuotas.inverseFrequency(sizes);
        double[] mean = WalleniusMean.manly(sizes, w, target);
        long[] counts = s.groupCounts();
        double worst = 0;
        for (int g = 0; g < sizes.length; g++) {
            double sd = Math.sqrt(mean[g] * (1 - mean[g] / sizes[g]));
            double z = Math.abs(counts[g] - mean[g]) / Math.max(sd, 1);
            worst = Math.max(worst, z);
            assertTrue(z <= 5, pool.groups().get(g) + ": drew " + counts[g] + ", Wallenius mean "
                    + mean[g] + ", sd " + sd);
        }
        assertTrue(worst > 0.5, "suspiciously close to the mean everywhere: " + worst);
    }
}
