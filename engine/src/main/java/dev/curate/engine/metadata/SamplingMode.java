package dev.curate.engine.metadata;

import java.util.Locale;

/** How the metadata sampler shares a draw among groups (SPEC 4.6). */
public enum SamplingMode {
    /** Successive draws proportional to inverse group frequency (the published baseline). */
    WEIGHTED,
    /** Exact per-group quotas by water-filling. */
    BALANCED;

    /**
     * Parses {@code weighted} or {@code balanced}, in any case.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static SamplingMode parse(String text) {
        for (SamplingMode m : values()) {
            if (m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("--mode '" + text
                + "' is not a sampling mode; expected weighted or balanced");
    }

    /** Returns the lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
