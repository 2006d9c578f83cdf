package dev.curate.engine.metadata;

import dev.curate.engine.io.TileTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a metadata pool against the tile table of an embedding store, slide by slide, so that
 * no sampled tile index points at a row the store does not have (field case C10). A slide whose
 * {@code num_tiles} differs from its rows in the store (0 when the store lacks it) is a
 * mismatch: by default an error naming every such slide; when the store is trusted, the store's
 * count is used and the mismatch recorded.
 *
 * <p>After the join, tile {@code k} of slide {@code s} is the store's global row
 * {@link #storeRow(int, long)}. Immutable once built; safe to share between threads.
 */
public final class StoreJoin {

    private static final int NAMED_IN_ERRORS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(StoreJoin.class);

    /**
     * One slide whose metadata count disagrees with the store.
     *
     * @param slideId the slide
     * @param metadataTiles its {@code num_tiles} in the metadata
     * @param storeTiles its rows in the store (0 when the store does not have it)
     */
    public record Mismatch(String slideId, long metadataTiles, long storeTiles) {
    }

    private final MetadataPool pool;
    private final List<Mismatch> mismatches;
    private final long storeOnlySlides;
    private final long[] firstRow;
    private final int[] rowsBySlide;

    private StoreJoin(MetadataPool pool, List<Mismatch> mismatches, long storeOnlySlides,
            long[] firstRow, int[] rowsBySlide) {
        this.pool = pool;
        this.mismatches = List.copyOf(mismatches);
        this.storeOnlySlides = storeOnlySlides;
        this.firstRow = firstRow;
        this.rowsBySlide = rowsBySlide;
    }

    /**
     * Joins {@code pool} with the store's tile table.
     *
     * @param pool the metadata pool
     * @param table the store's tile table
     * @param trustStore whether mismatching slides take the store's count instead of failing
     * @return the join; its {@link #pool()} has the store's counts where they differed
     * @throws IllegalArgumentException when a count differs and {@code trustStore} is not set;
     *     the message names each slide with both counts
     */
    public static StoreJoin join(MetadataPool pool, TileTable table, boolean trustStore) {
        // LIMIT: the store's tile table and the rows grouped by slide take 8 bytes per store
        // tile on the heap (2.8 GB for 350M tiles, and a tile table holds at most 2^31 - 1);
        // join per shard, or raise -Xmx.
        Map<String, Integer> storeIndex = new HashMap<>();
        for (int i = 0; i < table.slideIds().size(); i++) {
            storeIndex.put(table.slideIds().get(i), i);
        }
        long[] storeCounts = new long[table.slideIds().size()];
        for (int s : table.slideOfTile()) {
            storeCounts[s]++;
        }
        List<Mismatch> mismatches = new ArrayList<>();
        long[] used = pool.tiles().clone();
        int[] storeSlideOf = new int[pool.slideCount()];
        for (int s = 0; s < pool.slideCount(); s++) {
            Integer at = storeIndex.remove(pool.slideIds().get(s));
            storeSlideOf[s] = at == null ? -1 : at;
            long inStore = at == null ? 0 : storeCounts[at];
            if (inStore != used[s]) {
                mismatches.add(new Mismatch(pool.slideIds().get(s), used[s], inStore));
                used[s] = inStore;
            }
        }
        if (!mismatches.isEmpty() && !trustStore) {
            throw new IllegalArgumentException(describe(mismatches));
        }
        logOutcome(mismatches, storeIndex.size());
        long[] storeFirst = new long[storeCounts.length + 1];
        for (int i = 0; i < storeCounts.length; i++) {
            storeFirst[i + 1] = storeFirst[i] + storeCounts[i];
        }
        long[] first = new long[pool.slideCount()];
        for (int s = 0; s < first.length; s++) {
            first[s] = storeSlideOf[s] < 0 ? 0 : storeFirst[storeSlideOf[s]];
        }
        return new StoreJoin(pool.withTiles(used), mismatches, storeIndex.size(), first,
                rowsGroupedBySlide(table, storeFirst));
    }

    /** Returns the store's rows ordered by store slide, each slide's rows ascending. */
    private static int[] rowsGroupedBySlide(TileTable table, long[] storeFirst) {
        int[] next = new int[storeFirst.length - 1];
        int[] rows = new int[table.tileCount()];
        int[] slideOf = table.slideOfTile();
        for (int t = 0; t < slideOf.length; t++) {
            rows[(int) storeFirst[slideOf[t]] + next[slideOf[t]]++] = t;
        }
        return rows;
    }

    private static String describe(List<Mismatch> mismatches) {
        StringBuilder msg = new StringBuilder(mismatches.size() + " slides have num_tiles that "
                + "disagree with the store:");
        mismatches.stream().limit(NAMED_IN_ERRORS).forEach(m -> msg.append(' ')
                .append(m.slideId()).append(" (metadata ").append(m.metadataTiles())
                .append(" vs store ").append(m.storeTiles()).append(");"));
        if (mismatches.size() > NAMED_IN_ERRORS) {
            msg.append(" and ").append(mismatches.size() - NAMED_IN_ERRORS).append(" more;");
        }
        msg.append(" fix the metadata or re-ingest, or trust the store's counts "
                + "(--trust-store); nothing was sampled");
        return msg.toString();
    }

    private static void logOutcome(List<Mismatch> mismatches, int storeOnly) {
        if (!mismatches.isEmpty()) {
            LOG.warn("{} slides disagree with the store; using the store's counts as asked: {}",
                    mismatches.size(), mismatches.stream().limit(NAMED_IN_ERRORS)
                            .map(m -> m.slideId() + " " + m.metadataTiles() + " -> "
                                    + m.storeTiles()).toList());
        }
        if (storeOnly > 0) {
            LOG.warn("{} slides of the store have no metadata row; their tiles are never "
                    + "sampled", storeOnly);
        }
    }

    /** Returns the pool with the counts used for sampling (the store's where they differed). */
    public MetadataPool pool() {
        return pool;
    }

    /** Returns the slides whose counts differed, in pool order (empty when none). */
    public List<Mismatch> mismatches() {
        return mismatches;
    }

    /** Returns the number of store slides that no metadata row names. */
    public long storeOnlySlides() {
        return storeOnlySlides;
    }

    /**
     * Returns the store's global row of tile {@code k} of pool slide {@code slide}.
     *
     * @param slide a pool slide index
     * @param k the slide's tile, in {@code [0, pool().tiles()[slide])}
     * @return the global tile index in the store
     */
    public long storeRow(int slide, long k) {
        return rowsBySlide[Math.toIntExact(firstRow[slide] + k)];
    }
}
