package dev.curate.cli;

import dev.curate.engine.io.TileTable;
import dev.curate.engine.metadata.GroupStats;
import dev.curate.engine.metadata.MetadataPool;
import dev.curate.engine.metadata.MetadataReader;
import dev.curate.engine.metadata.MetadataSample;
import dev.curate.engine.metadata.MetadataSampleWriter;
import dev.curate.engine.metadata.MetadataSampler;
import dev.curate.engine.metadata.SamplingMode;
import dev.curate.engine.metadata.StoreJoin;
import dev.curate.engine.store.TileStore;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code curate metadata-sample}: draws tiles by a metadata column (SPEC 4.6). */
@Command(name = "metadata-sample", mixinStandardHelpOptions = true,
        description = {"Draw tiles without replacement grouped by a slide metadata column "
                + "(SPEC 4.6): weighted (inverse group frequency, the published baseline) or "
                + "balanced (exact water-filling quotas).",
            "Writes sampled.csv (slide_id,tile_idx,<group>), indices.npy, stats.csv, "
                + "sampled_vs_full.png and, with --store, join.csv."})
final class MetadataSampleCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataSampleCommand.class);
    private static final int LISTED_GROUPS = 200;

    @Spec
    CommandSpec spec;

    @Option(names = "--metadata", required = true, split = ",", paramLabel = "CSV",
            description = "Slide metadata CSVs (slide_id, num_tiles, the group column; any "
                    + "column order), comma separated; slides keep file order.")
    List<Path> metadata;

    @Option(names = "--group-by", defaultValue = "tissue_diagnosis", paramLabel = "COLUMN",
            description = "Metadata column that defines the groups (default: ${DEFAULT-VALUE}).")
    String groupBy;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Size size;

    /** Exactly one of the two ways to size the draw. */
    static final class Size {
        @Option(names = "--fraction", paramLabel = "F",
                description = "Fraction of the pool's tiles, in (0, 1]; rounded half up.")
        BigDecimal fraction;

        @Option(names = "--target", paramLabel = "N", description = "Number of tiles.")
        Long target;
    }

    @Option(names = "--mode", defaultValue = "weighted", paramLabel = "weighted|balanced",
            description = "weighted: successive draws with weight max group size / group size; "
                    + "balanced: exact equal quotas, small groups taken whole "
                    + "(default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: 0).")
    long seed;

    @Option(names = "--strict",
            description = "Refuse a draw that cannot be proportional to the weights "
                    + "(n*max(w)/sum(w) > 1) instead of exhausting small groups.")
    boolean strict;

    @Option(names = "--drop-missing",
            description = "Leave out slides with an empty or NA group value (default: they "
                    + "form the group (missing)); a warning gives their count either way.")
    boolean dropMissing;

    @Option(names = "--store", paramLabel = "DIR",
            description = "Check num_tiles against this tile store; tile_idx is then the "
                    + "store's global row.")
    Path store;

    @Option(names = "--trust-store",
            description = "With --store: use the store's tile counts where they disagree "
                    + "(recorded in join.csv) instead of stopping.")
    boolean trustStore;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder; must be empty or missing unless --replace.")
    Path out;

    @Option(names = "--replace",
            description = "Replace a non-empty output folder once the new one is complete.")
    boolean replace;

    @Override
    public Integer call() {
        SamplingMode samplingMode = SamplingMode.parse(mode);
        if (trustStore && store == null) {
            throw new ParameterException(spec.commandLine(), "--trust-store needs --store");
        }
        LOG.info("metadata-sample: files {}, group by {}, mode {}, seed {}, strict {}, "
                + "store {}", metadata, groupBy, samplingMode.label(), seed, strict, store);
        MetadataReader.Result read = MetadataReader.read(metadata, groupBy, dropMissing);
        StoreJoin join = store == null ? null : joinStore(read.pool());
        MetadataPool pool = join == null ? read.pool() : join.pool();
        long target = size.target != null ? size.target
                : MetadataSampler.targetForFraction(size.fraction, pool.tileCount());
        MetadataSample sample = MetadataSampler.sample(pool,
                new MetadataSampler.Request(samplingMode, target, seed, strict));
        try (ProgressBar bar = ProgressBars.start("writing " + MetadataSampleWriter.SAMPLED,
                sample.size(), "tiles")) {
            MetadataSampleWriter.write(sample, join, out, replace, bar::stepTo);
        }
        printSummary(read, join, sample);
        return 0;
    }

    private StoreJoin joinStore(MetadataPool pool) {
        // opening would create an empty store in any folder: check for one first
        if (!Files.isRegularFile(store.resolve("data.mdb"))) {
            throw new IllegalArgumentException("--store " + store + " is not a tile store "
                    + "(no data.mdb); expected a folder written by curate ingest");
        }
        try (TileStore tiles = TileStore.open(store)) {
            TileTable table = tiles.tileTable();
            if (table.slideIds().equals(List.of(""))) {
                throw new IllegalArgumentException("store " + store + " has no slide ids "
                        + "(ingested without --tiles), so its rows cannot be matched to the "
                        + "metadata's slides");
            }
            return StoreJoin.join(pool, table, trustStore);
        }
    }

    private void printSummary(MetadataReader.Result read, StoreJoin join,
            MetadataSample sample) {
        PrintWriter o = spec.commandLine().getOut();
        MetadataPool pool = sample.pool();
        o.printf(Locale.ROOT, "sampled %,d of %,d tiles (%s, seed %d) from %,d slides in %d "
                + "groups of %s into %s%n", sample.size(), pool.tileCount(),
                sample.request().mode().label(), seed, pool.slideCount(), pool.groupCount(),
                groupBy, out);
        o.printf(Locale.ROOT, "n*max(w)/sum(w) = %.2f (above 1 no draw can be proportional "
                + "to the weights)%n", sample.proportionalityRatio());
        if (read.missing().slides() > 0) {
            o.printf(Locale.ROOT, "%,d slides (%,d tiles) had no %s value: %s%n",
                    read.missing().slides(), read.missing().tiles(), groupBy,
                    read.missing().dropped() ? "left out" : "grouped as "
                            + MetadataReader.MISSING_GROUP);
        }
        if (join != null && !join.mismatches().isEmpty()) {
            o.printf("used the store's tile counts for %d slides (listed in %s)%n",
                    join.mismatches().size(), MetadataSampleWriter.JOIN);
        }
        printExhausted(o, sample.stats());
        if (sample.request().mode() == SamplingMode.BALANCED) {
            printCut(o, sample.stats());
        }
    }

    /** Prints the water-filling level the groups that were not taken whole received. */
    private static void printCut(PrintWriter o, List<GroupStats> stats) {
        LongSummaryStatistics rest = stats.stream()
                .filter(s -> s.sampledTiles() < s.fullTiles())
                .mapToLong(GroupStats::sampledTiles)
                .summaryStatistics();
        if (rest.getCount() > 0) {
            o.printf(Locale.ROOT, "the other %d groups got %,d to %,d tiles each "
                    + "(the water-filling cut)%n", rest.getCount(), rest.getMin(),
                    rest.getMax());
        }
    }

    private static void printExhausted(PrintWriter o, List<GroupStats> stats) {
        List<GroupStats> exhausted = stats.stream().filter(GroupStats::exhausted).toList();
        long whole = stats.stream().filter(s -> s.sampledTiles() == s.fullTiles()).count();
        double share = stats.isEmpty() ? 0 : stats.get(0).fairShare();
        o.printf(Locale.ROOT, "%d groups have fewer tiles than the equal share %,.2f "
                + "(exhausted); %d groups were taken whole%n", exhausted.size(), share, whole);
        exhausted.stream().limit(LISTED_GROUPS).forEach(s -> o.printf(Locale.ROOT,
                "  exhausted %s: %,d of %,d tiles, short of the equal share by %,.2f%n",
                s.group(), s.sampledTiles(), s.fullTiles(), s.shortfall()));
        if (exhausted.size() > LISTED_GROUPS) {
            o.printf("  ... and %d more in stats.csv%n", exhausted.size() - LISTED_GROUPS);
        }
    }
}
