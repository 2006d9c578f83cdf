package dev.curate.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Writes a synthetic per-tile tree CSV {@code slide_id,level_1,level_2} over the real slide
 * list ({@code tiles_per_slide.csv}), for stratification at the paper's scale without the
 * published 20+ GB file. Labels stay constant over runs of 1..2R-1 tiles (mean R); a run's
 * level-1 label is drawn skewed (label {@code floor(k1 * u^2)}, so low labels are common, as
 * real clusters are unbalanced); level 2 is {@code level_1 mod k2}, so the file is a tree.
 * Deterministic given the seed. Output ending in {@code .gz} is gzip'd (level 1).
 *
 * <p>Usage: {@code StratifyTreeGen --slides tiles_per_slide.csv --out T.csv[.gz]
 * [--fraction 1.0] [--level1 350] [--level2 62] [--run 64] [--seed 1]}. With
 * {@code --fraction f} each slide keeps {@code max(1, round(f * num_tiles))} tiles.
 */
public final class StratifyTreeGen {

    private StratifyTreeGen() {
    }

    public static void main(String[] args) throws IOException {
        Path slides = null;
        Path out = null;
        double fraction = 1.0;
        int k1 = 350;
        int k2 = 62;
        int run = 64;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--slides" -> slides = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--fraction" -> fraction = Double.parseDouble(args[i + 1]);
                case "--level1" -> k1 = Integer.parseInt(args[i + 1]);
                case "--level2" -> k2 = Integer.parseInt(args[i + 1]);
                case "--run" -> run = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (slides == null || out == null) {
            throw new IllegalArgumentException("usage: --slides tiles_per_slide.csv --out T.csv"
                    + "[.gz] [--fraction F] [--level1 K1] [--level2 K2] [--run R] [--seed N]");
        }
        long t0 = System.nanoTime();
        Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
        long rows = write(slides, tmp, out.toString().endsWith(".gz"), fraction, k1, k2, run,
                seed);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("wrote %,d rows to %s (%,d bytes) in %.1f s%n", rows, out,
                Files.size(out), (System.nanoTime() - t0) / 1e9);
    }

    private static long write(Path slides, Path file, boolean gzip, double fraction, int k1,
            int k2, int run, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        long rows = 0;
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .get();
        try (Reader r = Files.newBufferedReader(slides, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.builder().setReader(r).setFormat(format).get();
                Writer w = new BufferedWriter(new OutputStreamWriter(open(file, gzip),
                        StandardCharsets.UTF_8), 1 << 20)) {
            w.write("slide_id,level_1,level_2\n");
            for (CSVRecord rec : parser) {
                String slide = rec.get("slide_id");
                long n = Math.max(1, Math.round(fraction * Long.parseLong(rec.get("num_tiles"))));
                int left = 0;
                String suffix = "";
                for (long i = 0; i < n; i++) {
                    if (left == 0) {
                        double u = rng.nextDouble();
                        int l1 = (int) (k1 * u * u);
                        suffix = "," + l1 + "," + (l1 % k2) + "\n";
                        left = 1 + rng.nextInt(2 * run - 1);
                    }
                    left--;
                    w.write(slide);
                    w.write(suffix);
                }
                rows += n;
            }
        }
        return rows;
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        if (!gzip) {
            return raw;
        }
        return new GZIPOutputStream(raw, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }
}
