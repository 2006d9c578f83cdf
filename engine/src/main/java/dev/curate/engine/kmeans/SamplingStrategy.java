package dev.curate.engine.kmeans;

import java.util.Locale;

/**
 * Which members of a cluster a resampling step or a sampler takes when it takes fewer than all:
 * the closest to the centroid ({@code c}) or a uniform random choice ({@code r}).
 */
public enum SamplingStrategy {
    /** Closest to the centroid first. */
    CLOSEST('c'),
    /** Uniformly at random without replacement. */
    RANDOM('r');

    private final char code;

    SamplingStrategy(char code) {
        this.code = code;
    }

    /** Returns the one-letter code used in configs and on the command line. */
    public char code() {
        return code;
    }

    /**
     * Parses {@code c}/{@code closest} or {@code r}/{@code random}, ignoring case.
     *
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static SamplingStrategy parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "c", "closest" -> CLOSEST;
            case "r", "random" -> RANDOM;
            default -> throw new IllegalArgumentException("sampling strategy '" + value
                    + "' is not one of c (closest), r (random)");
        };
    }
}
