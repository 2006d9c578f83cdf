package dev.curate.engine.metadata;

import java.util.List;
import java.util.Objects;

/**
 * The slides of one or more metadata files, in file order, with their tile counts and groups.
 * The pool's tiles are numbered {@code 0 .. tileCount() - 1}: slide after slide in this order,
 * each slide's tiles in its own order. Arrays are owned by the pool and must not be changed.
 *
 * @param groupColumn the metadata column that defines the groups
 * @param slideIds the slide ids, distinct, in file order
 * @param tiles per slide, its number of tiles (at least 0)
 * @param groupOfSlide per slide, an index into {@code groups}
 * @param groups the group names, in first-seen order
 */
public record MetadataPool(String groupColumn, List<String> slideIds, long[] tiles,
        int[] groupOfSlide, List<String> groups) {

    /** Checks that the arrays have one entry per slide and every group index is valid. */
    public MetadataPool {
        Objects.requireNonNull(groupColumn, "groupColumn");
        slideIds = List.copyOf(slideIds);
        groups = List.copyOf(groups);
        if (tiles.length != slideIds.size() || groupOfSlide.length != slideIds.size()) {
            throw new IllegalArgumentException(slideIds.size() + " slides but " + tiles.length
                    + " tile counts and " + groupOfSlide.length + " groups");
        }
        for (int s = 0; s < tiles.length; s++) {
            if (tiles[s] < 0 || groupOfSlide[s] < 0 || groupOfSlide[s] >= groups.size()) {
                throw new IllegalArgumentException("slide " + slideIds.get(s) + ": " + tiles[s]
                        + " tiles in group index " + groupOfSlide[s] + " of " + groups.size());
            }
        }
    }

    /** Returns the number of slides. */
    public int slideCount() {
        return slideIds.size();
    }

    /** Returns the number of groups. */
    public int groupCount() {
        return groups.size();
    }

    /** Returns the total number of tiles. */
    public long tileCount() {
        long sum = 0;
        for (long t : tiles) {
            sum += t;
        }
        return sum;
    }

    /** Returns, per group, its number of tiles. */
    public long[] groupTiles() {
        long[] out = new long[groups.size()];
        for (int s = 0; s < tiles.length; s++) {
            out[groupOfSlide[s]] += tiles[s];
        }
        return out;
    }

    /** Returns, per group, its number of slides (slides with 0 tiles included). */
    public long[] groupSlides() {
        long[] out = new long[groups.size()];
        for (int g : groupOfSlide) {
            out[g]++;
        }
        return out;
    }

    /** Returns a pool with the same slides and groups and {@code newTiles} as tile counts. */
    public MetadataPool withTiles(long[] newTiles) {
        return new MetadataPool(groupColumn, slideIds, newTiles.clone(), groupOfSlide, groups);
    }
}
