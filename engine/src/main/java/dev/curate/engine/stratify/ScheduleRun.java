package dev.curate.engine.stratify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a resumable series of stratified epochs into one folder: {@code schedule_000.csv ...}
 * ({@code slide_id,ind}; batch b is data rows {@code [b * B, (b + 1) * B)}),
 * {@code report_000.csv ...} (one row per stratum), {@code schedule_list.csv}
 * ({@code path,tiles,batches}), {@code epochs.csv} (one summary row per epoch) and the
 * checkpoint {@value #STATE_FILE}.
 *
 * <p>Every file is written to a temporary name and renamed; the checkpoint is renamed last, so
 * an epoch counts as finished only once all its files are complete. A rerun on the same folder
 * checks that every setting matches the checkpoint, checks the finished schedules against their
 * recorded SHA-256, rebuilds the use-counts by reading them back, and draws only the missing
 * epochs: the files are byte-identical to those of one uninterrupted run. Not thread safe.
 */
public final class ScheduleRun {

    /** The checkpoint file in the output folder. */
    public static final String STATE_FILE = "stratify-state.txt";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRun.class);
    private static final String FORMAT = "curate-stratify-1";

    private ScheduleRun() {
    }

    /**
     * What a run did.
     *
     * @param resumedEpochs epochs found finished in the folder
     * @param writtenEpochs epochs drawn and written by this run
     * @param reports the reports of the written epochs
     */
    public record Outcome(int resumedEpochs, int writtenEpochs, List<EpochReport> reports) {
    }

    /**
     * Checks a folder against the settings before any work: returns the finished epochs, or
     * fails without touching anything.
     *
     * @param out the output folder (missing, empty, or written by an earlier run)
     * @param settings the settings to record, by option name, in a fixed order
     * @param epochs the number of epochs wanted, at least 1
     * @return the number of epochs already finished there
     * @throws IllegalArgumentException naming the first differing setting, a changed schedule
     *     file, a non-empty folder without checkpoint, or more finished epochs than wanted
     */
    public static int check(Path out, Map<String, String> settings, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs is " + epochs
                    + "; expected at least 1");
        }
        Path state = out.resolve(STATE_FILE);
        if (!Files.exists(state)) {
            if (Files.isDirectory(out) && !isEmpty(out)) {
                throw new IllegalArgumentException("--out " + out + " is not empty and holds no "
                        + STATE_FILE + " (expected a missing or empty folder, or one written "
                        + "by curate stratify)");
            }
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
            }
            return 0;
        }
        Checkpoint cp = Checkpoint.read(state);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String old = cp.settings.get(e.getKey());
            if (!e.getValue().equals(old)) {
                throw new IllegalArgumentException(e.getKey() + " is " + e.getValue()
                        + " but " + state + " records " + old + " (a rerun on the same --out "
                        + "must use the same settings; change only --epochs, or use another "
                        + "--out)");
            }
        }
        if (cp.epochs.size() > epochs) {
            throw new IllegalArgumentException("--epochs is " + epochs + " but " + out
                    + " already holds " + cp.epochs.size() + " finished epochs (expected "
                    + "--epochs at least " + cp.epochs.size() + ")");
        }
        for (int e = 0; e < cp.epochs.size(); e++) {
            Path file = out.resolve(scheduleName(e));
            String want = cp.epochs.get(e).split(",")[0];
            String got = Files.exists(file) ? ScheduleFiles.sha256(file) : "missing";
            if (!want.equals(got)) {
                throw new IllegalArgumentException(file + " has SHA-256 " + got + " but "
                        + STATE_FILE + " records " + want + " (a finished schedule changed; "
                        + "restore it or use another --out)");
            }
        }
        return cp.epochs.size();
    }

    /**
     * Draws and writes epochs {@code finished .. epochs - 1}, first rebuilding the use-counts
     * from the finished ones. Call {@link #check} first.
     *
     * @param stratifier a fresh stratifier (all use-counts 0) over the run's pool
     * @param out the output folder; created when missing
     * @param settings the settings recorded in the checkpoint, as given to {@link #check}
     * @param epochs the number of epochs wanted
     * @param listener told about batches and epochs
     * @return what was done
     */
    public static Outcome run(BatchStratifier stratifier, Path out, Map<String, String> settings,
            int epochs, StratifyListener listener) {
        int finished = check(out, settings, epochs);
        List<String> rows = finished == 0 ? new ArrayList<>()
                : new ArrayList<>(Checkpoint.read(out.resolve(STATE_FILE)).epochs);
        LOG.info("stratify into {}: epochs {}..{} of {}, settings {}", out, finished, epochs - 1,
                epochs, settings);
        replay(stratifier, out, finished);
        listener.onStart(finished, epochs, stratifier.pool());
        List<EpochReport> reports = new ArrayList<>();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        for (int e = finished; e < epochs; e++) {
            long t0 = System.nanoTime();
            EpochSchedule schedule = stratifier.drawEpoch(e, listener);
            EpochReport report = schedule.report();
            Path file = out.resolve(scheduleName(e));
            writeSchedule(file, schedule, stratifier.pool());
            writeStrataReport(out.resolve(String.format(Locale.ROOT, "report_%03d.csv", e)),
                    report, stratifier.pool());
            rows.add(ScheduleFiles.sha256(file) + "," + summary(report));
            writeLists(out, rows);
            listener.onEpochWritten(e, report);
            new Checkpoint(settings, rows).write(out.resolve(STATE_FILE));
            listener.onEpochCheckpointed(e, report);
            reports.add(report);
            LOG.info("epoch {}/{}: {} tiles in {} batches, {} slides opened, {} repeats in a"
                    + " batch, {} strata smaller than quota, {} fallback draws, {} ms", e + 1,
                    epochs, report.tiles(), report.batches(), report.slidesOpened(),
                    report.repeats(), report.strataSmallerThanQuota(),
                    report.fallbackDrawsTotal(), (System.nanoTime() - t0) / 1_000_000);
        }
        return new Outcome(finished, epochs - finished, List.copyOf(reports));
    }

    /** Returns the schedule file name of epoch {@code e}. */
    public static String scheduleName(int e) {
        return String.format(Locale.ROOT, "schedule_%03d.csv", e);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Re-counts the tiles of the finished schedules. */
    private static void replay(BatchStratifier stratifier, Path out, int finished) {
        if (finished == 0) {
            return;
        }
        long t0 = System.nanoTime();
        Map<String, Integer> slides = stratifier.pool().slideIndex();
        for (int e = 0; e < finished; e++) {
            Path file = out.resolve(scheduleName(e));
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String header = r.readLine();
                if (!"slide_id,ind".equals(header)) {
                    throw new IllegalArgumentException(file + " line 1: header '" + header
                            + "', expected 'slide_id,ind'");
                }
                long line = 1;
                for (String text; (text = r.readLine()) != null; ) {
                    line++;
                    replayRow(stratifier, slides, file, line, text);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(),
                        ex);
            }
        }
        stratifier.countingDone();
        LOG.info("resumed after {} finished epochs; use-counts rebuilt in {} ms", finished,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Counts one schedule row; rows with a quote go through the CSV parser. */
    private static void replayRow(BatchStratifier stratifier, Map<String, Integer> slides,
            Path file, long line, String text) throws IOException {
        String slideId;
        String ind;
        if (text.indexOf('"') >= 0) {
            List<String> f = TreeStrataReader.parseQuoted(text);
            slideId = f.isEmpty() ? "" : f.get(0);
            ind = f.size() == 2 ? f.get(1) : "";
        } else {
            int comma = text.lastIndexOf(',');
            slideId = comma < 0 ? text : text.substring(0, comma);
            ind = comma < 0 ? "" : text.substring(comma + 1);
        }
        Integer slide = slides.get(slideId);
        if (slide == null) {
            throw new IllegalArgumentException(file + " line " + line + ": slide " + slideId
                    + " is not in the input (expected the input of the first run)");
        }
        try {
            stratifier.countDrawn(slide, Integer.parseInt(ind));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + ": ind '" + ind
                    + "' is not an integer");
        }
    }

    private static void writeSchedule(Path file, EpochSchedule s, StrataPool pool) {
        ScheduleFiles.writeAtomically(file, csv -> {
            csv.printRecord("slide_id", "ind");
            for (int i = 0; i < s.slides().length; i++) {
                csv.printRecord(pool.slideId(s.slides()[i]), s.inds()[i]);
            }
        });
    }

    private static void writeStrataReport(Path file, EpochReport r, StrataPool pool) {
        ScheduleFiles.writeAtomically(file, csv -> {
            csv.printRecord("stratum", "label", "tiles", "drawn", "repeats_in_batch",
                    "batches_smaller_than_quota", "batches_cap_limited", "fallback_draws");
            for (int s = 0; s < pool.strataCount(); s++) {
                csv.printRecord(s, pool.stratumLabel(s), pool.stratumSize(s), r.drawn()[s],
                        r.repeatsPerStratum()[s], r.batchesSmallerThanQuota()[s],
                        r.batchesCapLimited()[s], r.fallbackDraws()[s]);
            }
        });
    }

    private static final String SUMMARY_HEADER = "tiles,batches,slides_opened,fallback_slides,"
            + "repeats_in_batch,strata_smaller_than_quota,strata_cap_limited,"
            + "strata_with_fallback,fallback_draws";

    private static String summary(EpochReport r) {
        int capLimited = 0;
        for (int b : r.batchesCapLimited()) {
            capLimited += b > 0 ? 1 : 0;
        }
        return r.tiles() + "," + r.batches() + "," + r.slidesOpened() + ","
                + r.fallbackSlides() + "," + r.repeats() + "," + r.strataSmallerThanQuota()
                + "," + capLimited + "," + r.strataWithFallback() + ","
                + r.fallbackDrawsTotal();
    }

    /** Rewrites schedule_list.csv and epochs.csv from the checkpoint rows. */
    private static void writeLists(Path out, List<String> rows) {
        ScheduleFiles.writeAtomically(out.resolve("schedule_list.csv"), csv -> {
            csv.printRecord("path", "tiles", "batches");
            for (int e = 0; e < rows.size(); e++) {
                String[] f = rows.get(e).split(",");
                csv.printRecord(scheduleName(e), f[1], f[2]);
            }
        });
        StringBuilder text = new StringBuilder("epoch," + SUMMARY_HEADER + "\n");
        for (int e = 0; e < rows.size(); e++) {
            String row = rows.get(e);
            text.append(e).append(row.substring(row.indexOf(','))).append('\n');
        }
        ScheduleFiles.writeAtomically(out.resolve("epochs.csv"), text.toString());
    }

    /** The checkpoint: settings, then one line per finished epoch (hash and summary). */
    private record Checkpoint(Map<String, String> settings, List<String> epochs) {

        static Checkpoint read(Path file) {
            Map<String, String> settings = new LinkedHashMap<>();
            List<String> epochs = new ArrayList<>();
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (lines.isEmpty() || !lines.get(0).equals("format=" + FORMAT)) {
                throw new IllegalArgumentException(file + " is not a " + FORMAT
                        + " checkpoint (first line " + (lines.isEmpty() ? "missing"
                        : "'" + lines.get(0) + "'") + ")");
            }
            for (String line : lines.subList(1, lines.size())) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(file + ": line '" + line
                            + "' has no '='");
                }
                String key = line.substring(0, eq);
                if (key.startsWith("epoch.")) {
                    epochs.add(line.substring(eq + 1));
                } else {
                    settings.put(key, line.substring(eq + 1));
                }
            }
            return new Checkpoint(settings, epochs);
        }

        void write(Path file) {
            StringBuilder text = new StringBuilder("format=" + FORMAT + "\n");
            settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            for (int e = 0; e < epochs.size(); e++) {
                text.append("epoch.").append(e).append('=').append(epochs.get(e)).append('\n');
            }
            ScheduleFiles.writeAtomically(file, text.toString());
        }
    }
}
