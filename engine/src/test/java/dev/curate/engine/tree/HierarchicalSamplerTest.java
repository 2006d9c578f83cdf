package dev.curate.engine.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.SamplingStrategy;
import dev.curate.engine.tree.HierarchicalSampler.ClusterStats;
import dev.curate.engine.tree.HierarchicalSampler.Request;
import dev.curate.engine.tree.HierarchicalSampler.Result;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HierarchicalSamplerTest {

    /**
     * C01 tree: level 1 c0 = {p0}, c1 = {p1, p2}, c2 = {p3..p9}, c3 = {}; level 2 T0 = {c0, c1},
     * T1 = {c2, c3}.
     */
    static ClusterTree c01Tree() {
        TreeLevel level1 = new TreeLevel(new long[] {0, 1, 3, 10, 10},
                new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, null, 0);
        TreeLevel level2 = new TreeLevel(new long[] {0, 2, 4}, new long[] {0, 1, 2, 3}, null, 0);
        return new ClusterTree(List.of(level1, level2), 10);
    }

    private static Map<Long, Integer> counts(long[] indices) {
        Map<Long, Integer> counts = new HashMap<>();
        for (long i : indices) {
            counts.merge(i, 1, Integer::sum);
        }
        return counts;
    }

    private static long repeatedEntries(long[] indices) {
        return indices.length - Arrays.stream(indices).distinct().count();
    }

    @Test
    void c01aTarget6Multiplier1GivesQuotas3And3AndSixDistinctTiles() {
        for (SamplingStrategy strategy : SamplingStrategy.values()) {
            Result r = HierarchicalSampler.sample(c01Tree(), new Request(6, 1, strategy, 7));
            assertEquals(List.of(new ClusterStats(0, 3, 3, 3, 0), new ClusterStats(1, 7, 3, 3, 0)),
                    r.stats());
            assertEquals(6, r.indices().length);
            assertEquals(0, repeatedEntries(r.indices()), Arrays.toString(r.indices()));
            assertArrayEquals(new long[] {0, 1, 2}, Arrays.copyOf(r.indices(), 3));
            for (int i = 3; i < 6; i++) {
                long tile = r.indices()[i];
                assertTrue(tile >= 3 && tile <= 9, "from c2: " + tile);
            }
        }
        long[] closest = HierarchicalSampler.sample(c01Tree(),
                new Request(6, 1, SamplingStrategy.CLOSEST, 7)).indices();
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, closest);
    }

    @Test
    void c01bTarget10Multiplier2RepeatsExactlyTwoEntries() {
        Result r = HierarchicalSampler.sample(c01Tree(),
                new Request(10, 2, SamplingStrategy.RANDOM, 11));
        assertEquals(List.of(new ClusterStats(0, 3, 5, 5, 2), new ClusterStats(1, 7, 5, 5, 0)),
                r.stats());
        long[] out = r.indices();
        assertEquals(10, out.length);
        assertEquals(2, repeatedEntries(out));
        assertEquals(2, r.duplicates());
        // c0 gets 2 (p0 twice), c1 gets 3 (p1 and p2 once, then one of them again)
        assertArrayEquals(new long[] {0, 0, 1, 2}, Arrays.copyOf(out, 4));
        assertTrue(out[4] == 1 || out[4] == 2, "c1's extra entry: " + out[4]);
        Set<Long> fromC2 = new HashSet<>();
        for (int i = 5; i < 10; i++) {
            assertTrue(out[i] >= 3 && out[i] <= 9, "from c2: " + out[i]);
            fromC2.add(out[i]);
        }
        assertEquals(5, fromC2.size(), "c2 yields 5 distinct tiles");
    }

    @Test
    void c01cTarget10Multiplier1TakesEveryTileOnce() {
        for (SamplingStrategy strategy : SamplingStrategy.values()) {
            Result r = HierarchicalSampler.sample(c01Tree(), new Request(10, 1, strategy, 3));
            long[] sorted = r.indices().clone();
            Arrays.sort(sorted);
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        }
        Result over = HierarchicalSampler.sample(c01Tree(),
                new Request(25, 1, SamplingStrategy.RANDOM, 3));
        assertEquals(10, over.indices().length, "never more than N with multiplier 1");
    }

    @Test
    void c01dTarget0GivesEmptyResult() {
        Result r = HierarchicalSampler.sample(c01Tree(),
                new Request(0, 1, SamplingStrategy.RANDOM, 3));
        assertEquals(0, r.indices().length);
        assertEquals(List.of(new ClusterStats(0, 3, 0, 0, 0), new ClusterStats(1, 7, 0, 0, 0)),
                r.stats());
    }

    @Test
    void c01SameSeedSameOutputAndOtherSeedsDiffer() {
        Request a = new Request(6, 1, SamplingStrategy.RANDOM, 42);
        assertArrayEquals(HierarchicalSampler.sample(c01Tree(), a).indices(),
                HierarchicalSampler.sample(c01Tree(), a).indices());
        Set<String> outputs = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            outputs.add(Arrays.toString(HierarchicalSampler.sample(c01Tree(),
                    new Request(6, 1, SamplingStrategy.RANDOM, seed)).indices()));
        }
        assertTrue(outputs.size() > 1, "20 seeds gave one output: " + outputs);
    }

    @Test
    void oneLevelTreeGivesEmptyClusterQuotaZero() {
        TreeLevel only = new TreeLevel(new long[] {0, 2, 2, 3}, new long[] {0, 1, 2}, null, 0);
        ClusterTree tree = new ClusterTree(List.of(only), 3);
        Result r = HierarchicalSampler.sample(tree,
                new Request(5, 2, SamplingStrategy.CLOSEST, 1));
        assertEquals(List.of(new ClusterStats(0, 2, 3, 3, 1), new ClusterStats(1, 0, 0, 0, 0),
                new ClusterStats(2, 1, 2, 2, 1)), r.stats());
        assertArrayEquals(new long[] {0, 1, 0, 2, 2}, r.indices());
    }

    @Test
    void rejectsMultiplierBelowOneAndNegativeTarget() {
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> new Request(5, 0, SamplingStrategy.RANDOM, 1));
        assertEquals("multiplier must be at least 1, got 0", m.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Request(-1, 1, SamplingStrategy.RANDOM, 1));
    }

    /** A random 3-level tree over {@code n} tiles, some tiles unheld, some clusters empty. */
    static ClusterTree randomTree(SplittableRandom rng, int n) {
        int k1 = 40;
        int k2 = 9;
        int k3 = 3;
        return new ClusterTree(List.of(randomLevel(rng, n, k1, true), randomLevel(rng, k1, k2,
                false), randomLevel(rng, k2, k3, false)), n);
    }

    private static TreeLevel randomLevel(SplittableRandom rng, int inputs, int k, boolean skip) {
        int[] label = new int[inputs];
        long[] offsets = new long[k + 1];
        for (int i = 0; i < inputs; i++) {
            // a few empty clusters (k - 2, k - 1 rarely drawn) and some unheld inputs
            label[i] = skip && rng.nextInt(20) == 0 ? -1 : rng.nextInt(k - (skip ? 2 : 0));
            if (label[i] >= 0) {
                offsets[label[i] + 1]++;
            }
        }
        for (int c = 0; c < k; c++) {
            offsets[c + 1] += offsets[c];
        }
        long[] members = new long[(int) offsets[k]];
        long[] next = offsets.clone();
        for (int i = 0; i < inputs; i++) {
            if (label[i] >= 0) {
                members[(int) next[label[i]]++] = i;
            }
        }
        return new TreeLevel(offsets, members, null, 0);
    }

    @Test
    void randomTreeTotalsAndCapacitiesHold() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 30; trial++) {
            ClusterTree tree = randomTree(rng, 500 + rng.nextInt(500));
            long held = tree.level(1).members().length;
            long[] level1Of = tree.level(1).assignment(tree.tileCount());
            int multiplier = 1 + rng.nextInt(3);
            long target = rng.nextLong(held * multiplier + 200);
            SamplingStrategy s = SamplingStrategy.values()[rng.nextInt(2)];
            Result r = HierarchicalSampler.sample(tree, new Request(target, multiplier, s, trial));
            assertEquals(Math.min(target, multiplier * held), r.indices().length,
                    "trial " + trial + " target " + target + " multiplier " + multiplier);
            Map<Long, Integer> perTile = counts(r.indices());
            long[] perLeaf = new long[tree.level(1).clusterCount()];
            for (Map.Entry<Long, Integer> e : perTile.entrySet()) {
                assertTrue(e.getValue() <= multiplier, "tile " + e.getKey() + " x" + e.getValue());
                assertTrue(level1Of[(int) (long) e.getKey()] >= 0, "unheld tile " + e.getKey());
                perLeaf[(int) level1Of[(int) (long) e.getKey()]] += e.getValue();
            }
            for (int c = 0; c < perLeaf.length; c++) {
                assertTrue(perLeaf[c] <= (long) multiplier * tree.level(1).size(c),
                        "cluster " + c + " got " + perLeaf[c] + " of " + tree.level(1).size(c));
            }
            long statsTotal = r.stats().stream().mapToLong(ClusterStats::taken).sum();
            assertEquals(r.indices().length, statsTotal);
            assertEquals(r.indices().length - perTile.size(), r.duplicates());
            assertFairAmongTop(r.stats(), multiplier);
        }
    }

    /** Among top clusters, an uncapped one has at least the largest quota minus one. */
    private static void assertFairAmongTop(List<ClusterStats> stats, int multiplier) {
        long max = stats.stream().mapToLong(ClusterStats::quota).max().orElse(0);
        for (ClusterStats s : stats) {
            assertTrue(s.quota() <= s.fullSize() * multiplier, s.toString());
            if (s.quota() < s.fullSize() * multiplier) {
                assertTrue(s.quota() >= max - 1, s + " vs largest quota " + max);
            }
        }
    }
}
