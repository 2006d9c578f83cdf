package dev.curate.engine.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.xdrop.fuzzywuzzy.FuzzySearch;
import me.xdrop.fuzzywuzzy.model.ExtractedResult;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Maps raw tissue names to a standard list (SPEC 4.6): first the priors table
 * ({@code uncleaned,cleaned}), then an exact match with a standard name, then the best fuzzy
 * match (fuzzywuzzy's weighted ratio, the library's default scorer, which scores a standard
 * name found as a whole part of the raw name, such as {@code Skin} in
 * {@code Skin - Sun Exposed (Lower leg)}, at 90) if its score reaches the threshold. The exact
 * rules ignore case and surrounding spaces.
 *
 * <p>The defaults are the lists released with Chen et al. 2025 (arXiv 2503.18709), shipped as
 * classpath resources. Immutable; safe to share between threads.
 */
public final class TissueStandardizer {

    /** The default fuzzy score threshold, 0 to 100. */
    public static final int DEFAULT_THRESHOLD = 80;

    private static final String STANDARD_RESOURCE = "standardized_tissue_values.txt";
    private static final String PRIORS_RESOURCE = "tissue_priors.csv";
    private static final CSVFormat PRIORS = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();

    private final List<String> standard;
    private final Map<String, String> standardByKey;
    private final Map<String, String> priors;
    private final int threshold;

    /**
     * Creates a standardiser.
     *
     * @param standard the standard names, distinct, at least one
     * @param priors raw name to standard name; every target must be a standard name
     * @param threshold the least fuzzy score accepted, 0 to 100
     * @throws IllegalArgumentException when a prior names a target outside the standard list
     *     or the threshold is outside 0 to 100
     */
    public TissueStandardizer(List<String> standard, Map<String, String> priors, int threshold) {
        if (threshold < 0 || threshold > 100) {
            throw new IllegalArgumentException("--threshold " + threshold
                    + " is outside 0 to 100");
        }
        if (standard.isEmpty()) {
            throw new IllegalArgumentException("the standard tissue list is empty");
        }
        this.standard = List.copyOf(standard);
        this.standardByKey = new LinkedHashMap<>();
        for (String s : standard) {
            standardByKey.put(key(s), s);
        }
        this.priors = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : priors.entrySet()) {
            String target = standardByKey.get(key(p.getValue()));
            if (target == null) {
                throw new IllegalArgumentException("prior '" + p.getKey() + "' -> '"
                        + p.getValue() + "' names no standard tissue; expected one of "
                        + standard);
            }
            this.priors.put(key(p.getKey()), target);
        }
        this.threshold = threshold;
    }

    /**
     * Returns the standardiser with the shipped standard list and priors.
     *
     * @param threshold the least fuzzy score accepted, 0 to 100
     */
    public static TissueStandardizer defaults(int threshold) {
        return new TissueStandardizer(parseStandard(resource(STANDARD_RESOURCE), "the shipped "
                + STANDARD_RESOURCE), parsePriors(resource(PRIORS_RESOURCE), "the shipped "
                + PRIORS_RESOURCE), threshold);
    }

    /**
     * Returns a standardiser from files; {@code null} for either takes the shipped default.
     *
     * @param standardFile a file of comma separated standard names (line breaks allowed)
     * @param priorsFile a CSV with the columns {@code uncleaned,cleaned}
     * @param threshold the least fuzzy score accepted, 0 to 100
     */
    public static TissueStandardizer load(Path standardFile, Path priorsFile, int threshold) {
        List<String> standard = standardFile == null
                ? parseStandard(resource(STANDARD_RESOURCE), "the shipped " + STANDARD_RESOURCE)
                : parseStandard(readFile(standardFile), standardFile.toString());
        Map<String, String> priors = priorsFile == null
                ? parsePriors(resource(PRIORS_RESOURCE), "the shipped " + PRIORS_RESOURCE)
                : parsePriors(readFile(priorsFile), priorsFile.toString());
        return new TissueStandardizer(standard, priors, threshold);
    }

    /** Returns the standard names. */
    public List<String> standard() {
        return standard;
    }

    /** Maps one raw name; never throws for an unmatched name (see {@link TissueMatch}). */
    public TissueMatch match(String raw) {
        String k = key(raw);
        String prior = priors.get(k);
        if (prior != null) {
            return new TissueMatch(raw, prior, TissueMatch.Rule.PRIOR, 100);
        }
        String exact = standardByKey.get(k);
        if (exact != null) {
            return new TissueMatch(raw, exact, TissueMatch.Rule.EXACT, 100);
        }
        // LIMIT: the weighted ratio rewards a shared word, so GTEx "Minor Salivary Gland" maps
        // to "Adrenal Gland" (score 86), as in the released metadata, not to "Oral Cavity and
        // Pharynx"; add a row to the priors table (--priors) to map such a name by hand.
        ExtractedResult best = FuzzySearch.extractOne(raw.trim(), standard);
        if (best.getScore() >= threshold) {
            return new TissueMatch(raw, best.getString(), TissueMatch.Rule.FUZZY,
                    best.getScore());
        }
        return new TissueMatch(raw, null, TissueMatch.Rule.UNMATCHED, best.getScore());
    }

    /**
     * Maps every distinct raw name.
     *
     * @param raws the raw names (repeats allowed)
     * @return raw name to its match, in first-seen order
     * @throws IllegalArgumentException listing every unmatched name with its best candidate and
     *     score, when any name does not match
     */
    public Map<String, TissueMatch> matchAll(Collection<String> raws) {
        Map<String, TissueMatch> out = new LinkedHashMap<>();
        List<String> unmatched = new ArrayList<>();
        for (String raw : raws) {
            if (!out.containsKey(raw)) {
                TissueMatch m = match(raw);
                out.put(raw, m);
                if (!m.matched()) {
                    ExtractedResult best = FuzzySearch.extractOne(raw.trim(), standard);
                    unmatched.add("'" + raw + "' (best '" + best.getString() + "' scores "
                            + best.getScore() + ")");
                }
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException(unmatched.size() + " tissue names match no "
                    + "standard name at threshold " + threshold + ": " + String.join(", ",
                    unmatched) + "; add them to the priors table or lower --threshold");
        }
        return out;
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    static List<String> parseStandard(String text, String where) {
        List<String> names = Arrays.stream(text.split("[,\\r\\n]+")).map(String::trim)
                .filter(s -> !s.isEmpty()).distinct().toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException(where + " lists no standard tissue names");
        }
        return names;
    }

    static Map<String, String> parsePriors(String text, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Reader in = new StringReader(text); CSVParser parser = PRIORS.parse(in)) {
            if (!parser.getHeaderMap().containsKey("uncleaned")
                    || !parser.getHeaderMap().containsKey("cleaned")) {
                throw new IllegalArgumentException(where + ": expected the columns "
                        + "uncleaned,cleaned, found " + parser.getHeaderNames());
            }
            for (CSVRecord r : parser) {
                out.put(r.get("uncleaned"), r.get("cleaned"));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(where + ": malformed CSV: " + e.getMessage(), e);
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = TissueStandardizer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the "
                        + "engine jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
