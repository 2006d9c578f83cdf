package dev.curate.engine.metadata;

/**
 * What a metadata draw took from one group.
 *
 * @param group the group name
 * @param fullTiles the group's tiles in the pool
 * @param fullSlides the group's slides in the pool
 * @param sampledTiles the group's tiles in the draw
 * @param sampledSlides the group's slides with at least one tile in the draw
 * @param fairShare the equal share of the draw, {@code n / groups}
 * @param exhausted whether the group has fewer tiles than the equal share, so that no draw
 *     without replacement can give it its share
 */
public record GroupStats(String group, long fullTiles, long fullSlides, long sampledTiles,
        long sampledSlides, double fairShare, boolean exhausted) {

    /** Returns how far the group's draw falls short of the equal share (0 when it does not). */
    public double shortfall() {
        return Math.max(0, fairShare - sampledTiles);
    }
}
