package dev.curate.engine.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TissueStandardizerTest {

    @TempDir
    Path tmp;

    private static final TissueStandardizer DEFAULTS = TissueStandardizer.defaults(80);

    private static Map<String, String> column(Path csv, String key, String value)
            throws IOException {
        Map<String, String> out = new HashMap<>();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .get().parse(in)) {
            for (CSVRecord r : p) {
                out.put(r.get(key), r.get(value));
            }
        }
        return out;
    }

    @Test
    void shippedListsEqualTheRepositoryFiles() throws IOException {
        Path dir = MetadataFixtures.realDir();
        assertEquals(TissueStandardizer.parseStandard(Files.readString(
                dir.resolve("standardized_tissue_values.txt")), "repo"), DEFAULTS.standard());
        assertEquals(34, DEFAULTS.standard().size());
        TissueStandardizer fromFiles = TissueStandardizer.load(
                dir.resolve("standardized_tissue_values.txt"), dir.resolve("tissue_priors.csv"),
                80);
        assertEquals(fromFiles.match("Rectum, NOS"), DEFAULTS.match("Rectum, NOS"));
    }

    @Test
    void priorsComeFirstThenExactThenFuzzy() {
        assertEquals(new TissueMatch("Rectum, NOS", "Colon", TissueMatch.Rule.PRIOR, 100),
                DEFAULTS.match("Rectum, NOS"));
        assertEquals(new TissueMatch(" thymus ", "Lymphatic System", TissueMatch.Rule.PRIOR,
                100), DEFAULTS.match(" thymus "));
        assertEquals(new TissueMatch("lung", "Lung", TissueMatch.Rule.EXACT, 100),
                DEFAULTS.match("lung"));
        assertEquals(new TissueMatch("Kidney - Cortex", "Kidney", TissueMatch.Rule.FUZZY, 90),
                DEFAULTS.match("Kidney - Cortex"));
        // the prior wins over a fuzzy candidate (Skin would also score 90)
        assertEquals(TissueMatch.Rule.PRIOR,
                DEFAULTS.match("Skin - Not Sun Exposed (Suprapubic)").rule());
    }

    @Test
    void unmatchedNamesAreOneErrorListingThemAll() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DEFAULTS.matchAll(List.of("Lung", "Cells - Cultured fibroblasts",
                        "Whole Blood", "Lung", "Whole Blood")));
        assertTrue(e.getMessage().startsWith("2 tissue names match no standard name at "
                + "threshold 80: 'Cells - Cultured fibroblasts' (best '"), e.getMessage());
        assertTrue(e.getMessage().contains("'Whole Blood' (best '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("add them to the priors table or lower --threshold"),
                e.getMessage());
    }

    @Test
    void priorTargetOutsideTheStandardListIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TissueStandardizer(List.of("Lung"), Map.of("Pleura", "Chest"), 80));
        assertTrue(e.getMessage().startsWith("prior 'Pleura' -> 'Chest' names no standard "
                + "tissue"), e.getMessage());
    }

    @Test
    void realGtexPortalNamesAllMapAndAgreeWithTheReleasedTissueColumn() throws IOException {
        Path dir = MetadataFixtures.realDir();
        Path out = tmp.resolve("gtex_std.csv");
        TissueTable.Result r = TissueTable.standardize(dir.resolve("GTEx_portal_samples.csv"),
                new TissueTable.Columns("Tissue", "Tissue Sample ID", "tissue"), DEFAULTS, out);
        assertEquals(25_713, r.rows());
        assertEquals(40, r.matches().size());
        assertTrue(r.matches().values().stream().allMatch(TissueMatch::matched));
        Map<String, String> ours = column(out, "slide_id", "tissue");
        Map<String, String> released = column(dir.resolve("GTEx_tissue_metadata.csv"),
                "slide_id", "tissue");
        assertEquals(25_430, released.size());
        long disagree = released.entrySet().stream()
                .filter(e -> !e.getValue().equals(ours.get(e.getKey()))).count();
        assertEquals(0, disagree);
        // the released mapping's oddity, reproduced by the same scorer: not anatomy
        assertEquals(new TissueMatch("Minor Salivary Gland", "Adrenal Gland",
                TissueMatch.Rule.FUZZY, 86), r.matches().get("Minor Salivary Gland"));
    }

    @Test
    void withoutIdColumnEveryInputColumnIsKeptAndNothingIsWrittenOnError() throws IOException {
        Path in = MetadataFixtures.write(tmp.resolve("in.csv"),
                "id,Tissue,note\n1,\"Colon - Sigmoid\",\"a, b\"\n2,Liver,\n");
        Path out = tmp.resolve("out.csv");
        TissueTable.standardize(in, new TissueTable.Columns("Tissue", null, "tissue"), DEFAULTS,
                out);
        assertEquals(List.of("id,Tissue,note,tissue", "1,Colon - Sigmoid,\"a, b\",Colon",
                "2,Liver,,Liver"), Files.readAllLines(out));
        Path bad = MetadataFixtures.write(tmp.resolve("bad.csv"), "id,Tissue\n1,Whole Blood\n");
        Path none = tmp.resolve("none.csv");
        assertThrows(IllegalArgumentException.class, () -> TissueTable.standardize(bad,
                new TissueTable.Columns("Tissue", null, "tissue"), DEFAULTS, none));
        assertFalse(Files.exists(none));
    }
}
