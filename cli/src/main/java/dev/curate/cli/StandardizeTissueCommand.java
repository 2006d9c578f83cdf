package dev.curate.cli;

import dev.curate.engine.metadata.TissueMatch;
import dev.curate.engine.metadata.TissueStandardizer;
import dev.curate.engine.metadata.TissueTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code curate standardize-tissue}: maps raw tissue names to the standard list. */
@Command(name = "standardize-tissue", mixinStandardHelpOptions = true,
        description = "Map raw tissue names to the standard list: priors table first, then an "
                + "exact match, then the best fuzzy match (weighted ratio) at or above the "
                + "threshold. Any unmatched name stops the run, listing them all.")
final class StandardizeTissueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "CSV",
            description = "CSV with a header row and a column of raw tissue names.")
    Path input;

    @Option(names = "--column", defaultValue = "Tissue", paramLabel = "NAME",
            description = "Column of raw tissue names (default: ${DEFAULT-VALUE}).")
    String column;

    @Option(names = "--id-column", paramLabel = "NAME",
            description = "Slide id column: the output is then slide_id,<column>,<out column>; "
                    + "without it every input column is kept.")
    String idColumn;

    @Option(names = "--out-column", defaultValue = "tissue", paramLabel = "NAME",
            description = "Name of the standard column written (default: ${DEFAULT-VALUE}).")
    String outColumn;

    @Option(names = "--threshold", defaultValue = "80", paramLabel = "0-100",
            description = "Least fuzzy score accepted (default: ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--standard", paramLabel = "FILE",
            description = "Standard names, comma separated (default: the shipped "
                    + "standardized_tissue_values.txt).")
    Path standard;

    @Option(names = "--priors", paramLabel = "CSV",
            description = "uncleaned,cleaned table applied before matching (default: the "
                    + "shipped tissue_priors.csv).")
    Path priors;

    @Option(names = "--out", required = true, paramLabel = "CSV",
            description = "Output CSV; replaced only when every name matched.")
    Path out;

    @Override
    public Integer call() {
        TissueStandardizer standardizer = TissueStandardizer.load(standard, priors, threshold);
        TissueTable.Result result = TissueTable.standardize(input,
                new TissueTable.Columns(column, idColumn, outColumn), standardizer, out);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "standardised %,d rows, %d distinct names, into %s%n",
                result.rows(), result.matches().size(), out);
        for (TissueMatch m : result.matches().values()) {
            o.printf(Locale.ROOT, "  %s -> %s (%s, score %d)%n", m.raw(), m.standard(),
                    m.rule().name().toLowerCase(Locale.ROOT), m.score());
        }
        return 0;
    }
}
