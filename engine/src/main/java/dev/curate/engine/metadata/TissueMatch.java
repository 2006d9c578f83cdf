package dev.curate.engine.metadata;

/**
 * How one raw tissue name was mapped.
 *
 * @param raw the raw name as found
 * @param standard the standard name, or {@code null} when nothing matched
 * @param rule how it was found
 * @param score the fuzzy score of the best standard name, 0 to 100 (100 for the exact rules)
 */
public record TissueMatch(String raw, String standard, Rule rule, int score) {

    /** The rule that decided a match. */
    public enum Rule {
        /** The priors table names the raw value. */
        PRIOR,
        /** The raw value is a standard name (ignoring case and surrounding spaces). */
        EXACT,
        /** The best fuzzy score reached the threshold. */
        FUZZY,
        /** No rule matched: {@code standard} is {@code null}, the best candidate is in the
         * message of the error. */
        UNMATCHED
    }

    /** Returns whether a standard name was found. */
    public boolean matched() {
        return standard != null;
    }
}
