package dev.curate.bench;

import dev.curate.engine.stratify.StrataPool;
import dev.curate.engine.stratify.StratumTiles;
import dev.curate.engine.stratify.TreeStrataReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a written schedule against its tree, independently of the stratifier's own stats:
 * every batch must hold floor(B / C) or floor(B / C) + 1 tiles of every stratum, with
 * exactly B mod C strata at the larger count, and no tile twice.
 *
 * <p>Usage: {@code StratifyQuotaCheck --tree T.csv[.gz] --level H --batch-size B
 * --schedule schedule_000.csv}. Prints one summary line; exits 1 on the first violation.
 */
public final class StratifyQuotaCheck {

    private StratifyQuotaCheck() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        StrataPool pool = TreeStrataReader.read(Path.of(opt.get("--tree")),
                Integer.valueOf(opt.get("--level"))).pool();
        int batch = Integer.parseInt(opt.get("--batch-size"));
        List<String> rows;
        try (BufferedReader r = Files.newBufferedReader(Path.of(opt.get("--schedule")),
                StandardCharsets.UTF_8)) {
            rows = new ArrayList<>(r.lines().skip(1).toList());
        }
        Map<String, Integer> slideIndex = new HashMap<>();
        for (int k = 0; k < pool.slideCount(); k++) {
            slideIndex.put(pool.slideId(k), k);
        }
        Set<Integer> used = new HashSet<>();
        for (String row : rows) {
            used.add(slideIndex.get(row.substring(0, row.lastIndexOf(','))));
        }
        Map<Integer, int[]> strataOf = StratumTiles.strataOfSlides(pool, used);
        int c = pool.strataCount();
        int batches = 0;
        for (int start = 0; start < rows.size(); start += batch) {
            int size = Math.min(batch, rows.size() - start);
            int[] perStratum = new int[c];
            Set<String> distinct = new HashSet<>();
            for (String row : rows.subList(start, start + size)) {
                int comma = row.lastIndexOf(',');
                int slide = slideIndex.get(row.substring(0, comma));
                perStratum[strataOf.get(slide)[Integer.parseInt(row.substring(comma + 1))]]++;
                distinct.add(row);
            }
            int big = 0;
            for (int q : perStratum) {
                if (q != size / c && q != size / c + 1) {
                    fail("batch " + batches + ": a stratum has " + q + " tiles");
                }
                big += q == size / c + 1 ? 1 : 0;
            }
            if (big != size % c || distinct.size() != size) {
                fail("batch " + batches + ": " + big + " strata at the larger quota, "
                        + distinct.size() + " distinct of " + size);
            }
            batches++;
        }
        System.out.printf("quotas exact in all %d batches (%d rows, %d strata, %d slides)%n",
                batches, rows.size(), c, used.size());
    }

    private static void fail(String message) {
        System.out.println("quota check failed: " + message);
        System.exit(1);
    }
}
