package dev.curate.engine.train.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One training batch of tile references, with how it was composed.
 *
 * @param sequence position of the batch in its source's stream, from 0; a resumed run asks
 *     its source for the batch after the last one it trained on
 * @param tiles the tiles, in batch order; the same tile may appear more than once
 * @param stratumCounts tiles drawn from each stratum, in stratum order (empty when the source
 *     has no strata)
 */
public record TileBatch(long sequence, List<TileRef> tiles, List<Integer> stratumCounts) {

    /** Copies the lists. */
    public TileBatch {
        tiles = List.copyOf(tiles);
        stratumCounts = List.copyOf(stratumCounts);
    }

    /** Returns the number of tiles. */
    public int size() {
        return tiles.size();
    }

    /**
     * Returns how many entries repeat a tile already earlier in the batch (field case C06: each
     * repeat gives KoLeo a zero distance without augmentation).
     */
    public int duplicates() {
        Set<Long> seen = new HashSet<>();
        int repeats = 0;
        for (TileRef t : tiles) {
            if (!seen.add(t.tileIndex())) {
                repeats++;
            }
        }
        return repeats;
    }
}
