package dev.curate.bench;

import dev.curate.engine.metadata.MetadataPool;
import dev.curate.engine.metadata.MetadataReader;
import dev.curate.engine.metadata.MetadataSample;
import dev.curate.engine.metadata.MetadataSampleWriter;
import dev.curate.engine.metadata.MetadataSampler;
import dev.curate.engine.metadata.SamplingMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Times writing a metadata draw's per-tile CSV with commons-csv (one {@code printRecord} per
 * row) against {@link MetadataSampleWriter} (all output files), on the same draw in one run.
 * Prints {@code key=value} lines.
 *
 * <p>Options: {@code --metadata a.csv,b.csv --fraction F --seed N --out DIR}.
 */
public final class MetadataCsvBench {

    private MetadataCsvBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args options as listed in the class comment
     */
    public static void main(String[] args) throws IOException {
        List<String> a = Arrays.asList(args);
        List<Path> files = Arrays.stream(value(a, "--metadata").split(",")).map(Path::of)
                .toList();
        Path out = Path.of(value(a, "--out"));
        Files.createDirectories(out);
        MetadataPool pool = MetadataReader.read(files, "tissue_diagnosis", false).pool();
        long target = MetadataSampler.targetForFraction(new BigDecimal(value(a, "--fraction")),
                pool.tileCount());
        MetadataSample sample = MetadataSampler.sample(pool, new MetadataSampler.Request(
                SamplingMode.WEIGHTED, target, Long.parseLong(value(a, "--seed")), false));

        long t0 = System.nanoTime();
        long[] rows = {0};
        sample.forEachTile((slide, tile) -> rows[0]++);
        double enumerate = seconds(t0);

        long t1 = System.nanoTime();
        writeWithCommonsCsv(sample, out.resolve("commons-csv.csv"));
        double commons = seconds(t1);

        long t2 = System.nanoTime();
        MetadataSampleWriter.write(sample, null, out.resolve("ours"), true);
        double ours = seconds(t2);
        System.out.printf(Locale.ROOT, "rows=%d enumerate_s=%.2f commons_csv_s=%.2f "
                + "ours_all_files_s=%.2f commons_over_ours=%.2f%n", rows[0], enumerate, commons,
                ours, commons / ours);
    }

    private static void writeWithCommonsCsv(MetadataSample sample, Path file) throws IOException {
        MetadataPool pool = sample.pool();
        long[] first = new long[pool.slideCount()];
        for (int s = 1; s < first.length; s++) {
            first[s] = first[s - 1] + pool.tiles()[s - 1];
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                        .setRecordSeparator("\n").get())) {
            csv.printRecord("slide_id", "tile_idx", pool.groupColumn());
            sample.forEachTile((slide, tile) -> {
                try {
                    csv.printRecord(pool.slideIds().get(slide), first[slide] + tile,
                            pool.groups().get(pool.groupOfSlide()[slide]));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String value(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            throw new IllegalArgumentException("missing " + name + " VALUE");
        }
        return args.get(i + 1);
    }
}
