package dev.curate.engine.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Equal quotas per top cluster, least-used first, deterministic and resumable. */
class TopClusterBatchSourceTest {

    /** 8 tiles; level 1 {0,1,2} {3,4} {5,6,7}; top T0 = {c0} (3 tiles), T1 = {c1,c2} (5). */
    static ClusterTree smallTree() {
        TreeLevel l1 = new TreeLevel(new long[] {0, 3, 5, 8},
                new long[] {0, 1, 2, 3, 4, 5, 6, 7}, null, 0);
        TreeLevel l2 = new TreeLevel(new long[] {0, 1, 3}, new long[] {0, 1, 2}, null, 0);
        return new ClusterTree(List.of(l1, l2), 8);
    }

    static TileTable smallTable() {
        return new TileTable(List.of("s0", "s1"), new int[] {0, 0, 0, 0, 1, 1, 1, 1},
                new int[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[8]);
    }

    @Test
    void evenBatchGivesEachTopClusterHalfAndLeastUsedTilesFirst() {
        TopClusterBatchSource source = new TopClusterBatchSource(smallTree(), smallTable(), 4, 1);
        Map<Long, Integer> uses = new HashMap<>();
        for (int b = 0; b < 2; b++) {
            TileBatch batch = source.next().orElseThrow();
            assertEquals(List.of(2, 2), batch.stratumCounts());
            assertEquals(0, batch.duplicates(), "no repeat inside a batch: " + batch);
            batch.tiles().forEach(t -> uses.merge(t.tileIndex(), 1, Integer::sum));
        }
        // T0 has 3 tiles and served 4: one tile twice, two once; T1 served 4 distinct of 5
        List<Integer> t0 = new ArrayList<>();
        for (long t = 0; t < 3; t++) {
            t0.add(uses.getOrDefault(t, 0));
        }
        t0.sort(null);
        assertEquals(List.of(1, 1, 2), t0);
        long t1Seen = uses.keySet().stream().filter(t -> t >= 3).count();
        assertEquals(4, t1Seen);
        assertEquals(4, uses.entrySet().stream().filter(e -> e.getKey() >= 3)
                .mapToInt(Map.Entry::getValue).sum());
    }

    @Test
    void oddBatchRotatesTheExtraTileBetweenClusters() {
        TopClusterBatchSource source = new TopClusterBatchSource(smallTree(), smallTable(), 5, 3);
        int t0Total = 0;
        for (int b = 0; b < 40; b++) {
            List<Integer> counts = source.next().orElseThrow().stratumCounts();
            assertEquals(5, counts.get(0) + counts.get(1));
            t0Total += counts.get(0);
        }
        // each batch gives T0 2 or 3; a shuffled order gives both about equally often
        assertEquals(100, t0Total, 10);
    }

    @Test
    void clusterSmallerThanItsQuotaRepeatsOnlyAfterUsingAll() {
        TopClusterBatchSource source = new TopClusterBatchSource(smallTree(), smallTable(), 8, 5);
        TileBatch batch = source.next().orElseThrow();
        // T0 has 3 tiles and a quota of 4: one repeat
        assertEquals(1, batch.duplicates());
        assertEquals("s1", batch.tiles().get(7).slideId());
    }

    @Test
    void skipToGivesTheBatchesOfAnUninterruptedStream() throws InterruptedException {
        TopClusterBatchSource whole = new TopClusterBatchSource(smallTree(), smallTable(), 3, 9);
        List<TileBatch> expected = new ArrayList<>();
        for (int b = 0; b < 7; b++) {
            expected.add(whole.next().orElseThrow());
        }
        TopClusterBatchSource resumed = new TopClusterBatchSource(smallTree(), smallTable(), 3, 9);
        resumed.skipTo(4);
        for (int b = 4; b < 7; b++) {
            assertEquals(expected.get(b), resumed.next().orElseThrow());
        }
    }
}
