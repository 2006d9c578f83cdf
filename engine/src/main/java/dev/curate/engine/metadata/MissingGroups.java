package dev.curate.engine.metadata;

/**
 * What happened to slides whose group value is empty or a missing-value marker.
 *
 * @param slides the number of such slides
 * @param tiles their tiles
 * @param dropped whether they were left out of the pool ({@code false}: they form the group
 *     {@link MetadataReader#MISSING_GROUP})
 */
public record MissingGroups(long slides, long tiles, boolean dropped) {
}
