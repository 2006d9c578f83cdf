package dev.curate.engine.train.data;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.SubsetSpread;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Cluster-stratified batches over the top level of a tree: a stand-in until the stratify
 * engine's schedules feed the trainer. Each batch of size {@code b} over {@code c} non-empty top
 * clusters gives every cluster {@code floor(b / c)} tiles and one more to {@code b mod c} of
 * them (cluster order shuffled per batch, so the extra rotates); inside a cluster the quota is
 * drawn without replacement, least-used first (uniformly among the tiles at the lowest use
 * count, then the next), and use counts persist from batch to batch. A cluster smaller than
 * its quota repeats tiles.
 *
 * <p>The stream is endless and deterministic given the tree, the batch size and the seed; the
 * default {@link #skipTo} replays it. Not thread-safe.
 * LIMIT: resuming replays every batch drawn before the checkpoint, O(steps x batch) time, when
 * the run resumes at step n; the stratify engine's checkpointed use counts will replace it.
 */
public final class TopClusterBatchSource implements BatchSource {

    private final TileTable tileTable;
    private final int batchSize;
    private final SplittableRandom random;
    private final List<long[]> clusters = new ArrayList<>();
    private final List<int[]> useCounts = new ArrayList<>();
    private long sequence;

    /**
     * Creates the source.
     *
     * @param tree a tree over the tiles of {@code tileTable}
     * @param tileTable slide and coordinates of every tile
     * @param batchSize tiles per batch, at least 1
     * @param seed random seed
     * @throws IllegalArgumentException if the batch size is below 1 or the tree holds no tile
     */
    public TopClusterBatchSource(ClusterTree tree, TileTable tileTable, int batchSize,
            long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize
                    + " must be at least 1");
        }
        this.tileTable = tileTable;
        this.batchSize = batchSize;
        this.random = new SplittableRandom(seed);
        collectTopClusters(tree);
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("the tree's top level holds no tile: no batch "
                    + "can be drawn");
        }
    }

    private void collectTopClusters(ClusterTree tree) {
        int top = tree.depth();
        long[] clusterOfTile = SubsetSpread.clusterOfTile(tree, top);
        long[] flat = tree.flatSizes(top);
        int[] fill = new int[flat.length];
        long[][] members = new long[flat.length][];
        for (int c = 0; c < flat.length; c++) {
            members[c] = new long[Math.toIntExact(flat[c])];
        }
        for (int t = 0; t < clusterOfTile.length; t++) {
            int c = (int) clusterOfTile[t];
            if (c >= 0) {
                members[c][fill[c]++] = t;
            }
        }
        for (long[] m : members) {
            if (m.length > 0) {
                clusters.add(m);
                useCounts.add(new int[m.length]);
            }
        }
    }

    /** Returns the number of strata: the non-empty top clusters. */
    public int strata() {
        return clusters.size();
    }

    @Override
    public Optional<TileBatch> next() {
        int c = clusters.size();
        int[] order = shuffledOrder(c);
        int[] quota = new int[c];
        for (int i = 0; i < c; i++) {
            quota[order[i]] = batchSize / c + (i < batchSize % c ? 1 : 0);
        }
        List<TileRef> tiles = new ArrayList<>(batchSize);
        List<Integer> counts = new ArrayList<>(c);
        for (int s = 0; s < c; s++) {
            drawLeastUsed(s, quota[s], tiles);
            counts.add(quota[s]);
        }
        return Optional.of(new TileBatch(sequence++, tiles, counts));
    }

    private int[] shuffledOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Draws {@code quota} tiles of stratum {@code s}, least-used first, without replacement. */
    private void drawLeastUsed(int s, int quota, List<TileRef> out) {
        long[] members = clusters.get(s);
        int[] uses = useCounts.get(s);
        boolean[] taken = new boolean[members.length];
        for (int q = 0; q < quota; q++) {
            if (q > 0 && q % members.length == 0) {
                Arrays.fill(taken, false);
            }
            int pick = pickAtMinimum(uses, taken);
            taken[pick] = true;
            uses[pick]++;
            out.add(ref(members[pick]));
        }
    }

    /** Picks uniformly among the untaken entries with the lowest use count. */
    private int pickAtMinimum(int[] uses, boolean[] taken) {
        int min = Integer.MAX_VALUE;
        int ties = 0;
        int pick = -1;
        for (int i = 0; i < uses.length; i++) {
            if (taken[i]) {
                continue;
            }
            if (uses[i] < min) {
                min = uses[i];
                ties = 1;
                pick = i;
            } else if (uses[i] == min && random.nextInt(++ties) == 0) {
                pick = i;
            }
        }
        return pick;
    }

    private TileRef ref(long tile) {
        int x = tileTable.hasCoordinates() ? tileTable.tileX()[(int) tile] : -1;
        int y = tileTable.hasCoordinates() ? tileTable.tileY()[(int) tile] : -1;
        return new TileRef(tileTable.slideOf(tile), tile, x, y);
    }
}
