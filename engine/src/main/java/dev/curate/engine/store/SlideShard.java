package dev.curate.engine.store;

/**
 * One shard of a pool split by slide: shard {@code shard} of {@code shards} holds every tile of
 * the slides whose ordinal in the tile table satisfies {@code ordinal % shards == shard}, so a
 * slide never spans shards. A store ingested for a shard keeps every tile's global index; the
 * other shards' tiles are recorded as held elsewhere and have no vector.
 *
 * @param shard this shard's index, in {@code [0, shards)}
 * @param shards the number of shards, at least 1
 */
public record SlideShard(int shard, int shards) {

    /** Checks the fields. */
    public SlideShard {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards
                    + " is not a shard: need 0 <= shard < shards");
        }
    }

    /** Returns whether this shard holds the slide with ordinal {@code slideOrdinal}. */
    public boolean holds(int slideOrdinal) {
        return slideOrdinal % shards == shard;
    }

    /** Returns the stored form, {@code shard/shards}, such as {@code 1/3}. */
    public String text() {
        return shard + "/" + shards;
    }

    /**
     * Parses {@link #text()}.
     *
     * @param text {@code shard/shards}
     * @param where what holds the text, for the error message
     * @return the shard
     */
    public static SlideShard parse(String text, String where) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                return new SlideShard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("slide shard '" + text + "' in " + where
                + " is not SHARD/SHARDS, such as 1/3");
    }
}
