package dev.curate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code curate standardize-tissue} on the real GTEx portal file and on bad names. */
class StandardizeTissueCommandTest {

    @TempDir
    Path tmp;

    @Test
    void realGtexPortalSamplesMapEveryName() throws IOException {
        Path in = CliRun.repo().resolve("data/metadata/GTEx_portal_samples.csv");
        Path out = tmp.resolve("gtex.csv");
        CliRun run = CliRun.of("standardize-tissue", "--input", in.toString(), "--column",
                "Tissue", "--id-column", "Tissue Sample ID", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.describe());
        assertTrue(run.out().startsWith("standardised 25,713 rows, 40 distinct names"),
                run.describe());
        assertTrue(run.out().contains("  Skin - Not Sun Exposed (Suprapubic) -> Skin (prior, "
                + "score 100)"), run.describe());
        assertTrue(run.out().contains("  Colon - Transverse -> Colon (fuzzy, score 90)"),
                run.describe());
        List<String> lines = Files.readAllLines(out);
        assertEquals(25_714, lines.size());
        assertEquals("slide_id,Tissue,tissue", lines.get(0));
        assertEquals("GTEX-1117F-0126,Skin - Sun Exposed (Lower leg),Skin", lines.get(1));
    }

    @Test
    void unmatchedNamesExitTwoListingThemAndWriteNothing() throws IOException {
        Path in = tmp.resolve("in.csv");
        Files.writeString(in, "id,Tissue\n1,Whole Blood\n2,Lung\n3,Cells - Cultured "
                + "fibroblasts\n");
        Path out = tmp.resolve("out.csv");
        CliRun run = CliRun.of("standardize-tissue", "--input", in.toString(), "--out",
                out.toString());
        assertEquals(CurateCommand.EXIT_BAD_INPUT, run.exitCode(), run.describe());
        assertTrue(run.err().contains("2 tissue names match no standard name at threshold 80: "
                + "'Whole Blood' (best '"), run.describe());
        assertTrue(run.err().contains("'Cells - Cultured fibroblasts' (best '"), run.describe());
        assertFalse(Files.exists(out));
        CliRun low = CliRun.of("standardize-tissue", "--input", in.toString(), "--threshold",
                "101", "--out", out.toString());
        assertEquals(CurateCommand.EXIT_BAD_INPUT, low.exitCode(), low.describe());
        assertTrue(low.err().contains("--threshold 101 is outside 0 to 100"), low.describe());
    }
}
