package dev.curate.engine.kmeans;

import java.util.Arrays;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters one tree level: resampling-clustering (SPEC 4.2; Vo et al. 2024, arXiv 2405.15613,
 * section 4.2 and algorithm 2) or, with {@code splits > 1}, splitting every cluster into
 * sub-clusters (SPEC 4.3; Chen et al. 2025, arXiv 2503.18709, section 3.1).
 *
 * <p>When a resample or a cluster to split holds fewer distinct points than the clusters asked
 * for, that k-means run uses the distinct count instead and the shortfall is reported as dropped
 * clusters in the level stats (never duplicate centroids, field case C02).
 */
final class LevelClustering {

    private static final Logger LOG = LoggerFactory.getLogger(LevelClustering.class);

    private final KMeans kmeans;
    private final InitMethod init;
    private final SamplingStrategy strategy;
    private final HierarchyListener listener;
    private final int level;

    /**
     * The clustering of one level before empty clusters are dropped.
     *
     * @param centroids row-major {@code k x dim}
     * @param k number of centroids
     * @param labels label per input row
     * @param distances squared distance per input row to its centroid
     * @param requested clusters asked for (with splitting: clusters times splits)
     */
    record Outcome(float[] centroids, int k, int[] labels, float[] distances, int requested) {
    }

    LevelClustering(KMeans kmeans, InitMethod init, SamplingStrategy strategy,
            HierarchyListener listener, int level) {
        this.kmeans = kmeans;
        this.init = init;
        this.strategy = strategy;
        this.listener = listener;
        this.level = level;
    }

    /**
     * Clusters {@code x} with the level's settings; every random choice derives from seed.
     * Reports each Lloyd step of the first k-means and each finished phase to the listener's
     * {@link HierarchyListener#onStep}.
     *
     * @param from a step an interrupted run of this level reported, to continue from; or
     *     {@code null} to start afresh
     */
    Outcome run(VectorSource x, LevelParams p, long seed, LevelStep from) {
        int k = p.clusters();
        KMeansParams first = new KMeansParams(k, p.iters(), init, Seeds.derive(seed, 0));
        KMeansListener steps = new KMeansListener() {
            @Override
            public void onIteration(IterationStats stats) {
                listener.onIteration(level, 0, stats);
            }

            @Override
            public void onInit(int chosen, int clusters) {
                listener.onInit(level, chosen, clusters);
            }

            @Override
            public void onState(int iteration, float[] centroids, float[] previous) {
                listener.onStep(new LevelStep(level, 0, iteration, k, centroids, previous));
            }
        };
        KMeansResult r;
        int next = 1;
        if (from == null) {
            r = kmeans.run(x, first, steps);
        } else if (!from.phaseDone()) {
            r = kmeans.resume(x, first, from.iteration(), from.centroids(), from.previous(),
                    steps);
        } else {
            if (from.phase() >= p.resamplingSteps() || from.centroids().length
                    != (long) from.k() * x.dim()) {
                throw new IllegalArgumentException("cannot continue after " + from + ": the "
                        + "level has " + p.resamplingSteps() + " phases and dim " + x.dim());
            }
            r = kmeans.assign(x, from.centroids(), from.k());
            next = from.phase() + 1;
        }
        if (from == null || !from.phaseDone()) {
            phaseDone(0, r);
        }
        for (int step = next; step < p.resamplingSteps(); step++) {
            r = resample(x, r, p, step, seed);
            phaseDone(step, r);
        }
        if (p.splits() > 1) {
            return split(x, r, p, seed);
        }
        return new Outcome(r.centroids(), r.k(), r.labels(), r.distances(), k);
    }

    private void phaseDone(int phase, KMeansResult r) {
        listener.onStep(new LevelStep(level, phase, LevelStep.PHASE_DONE, r.k(),
                r.centroids().clone(), null));
    }

    /** One resampling step: k-means on r points per cluster, then assign all points. */
    private KMeansResult resample(VectorSource x, KMeansResult previous, LevelParams p,
            int step, long seed) {
        SortedClusters groups = SortedClusters.of(previous.labels(), previous.distances(),
                previous.k());
        Random rnd = new Random(Seeds.derive(seed, step, 1));
        int[] picked = pick(groups, p.sampleSize(), rnd);
        FloatMatrix sample = gather(x, picked);
        int k = Math.min(p.clusters(), DistinctRows.countUpTo(sample, p.clusters()));
        if (k < p.clusters()) {
            LOG.warn("level {} resampling step {}: the {} sampled points hold only {} distinct "
                    + "vectors, so this step makes {} of {} clusters; raise sample_size",
                    level, step, picked.length, k, k, p.clusters());
        }
        KMeansResult onSample = kmeans.run(sample, new KMeansParams(k, p.iters(), init,
                Seeds.derive(seed, step)), stats -> listener.onIteration(level, step, stats));
        return kmeans.assign(x, onSample.centroids(), k);
    }

    /** Picks up to {@code r} rows per group: the closest, or uniformly at random. */
    int[] pick(SortedClusters groups, int r, Random rnd) {
        int k = groups.offsets().length - 1;
        int[] out = new int[0];
        int size = 0;
        for (int c = 0; c < k; c++) {
            int[] g = groups.group(c);
            int take = Math.min(r, g.length);
            if (strategy == SamplingStrategy.RANDOM) {
                for (int i = 0; i < take; i++) {
                    int j = i + rnd.nextInt(g.length - i);
                    int t = g[i];
                    g[i] = g[j];
                    g[j] = t;
                }
            }
            if (size + take > out.length) {
                out = Arrays.copyOf(out, Math.max(size + take, out.length * 2));
            }
            System.arraycopy(g, 0, out, size, take);
            size += take;
        }
        return Arrays.copyOf(out, size);
    }

    /** Copies the given rows of {@code x} into a heap matrix. */
    static FloatMatrix gather(VectorSource x, int[] rows) {
        if (x instanceof FloatMatrix m) {
            return m.selectRows(rows);
        }
        int d = x.dim();
        float[] data = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            x.readRow(rows[i], data, i * d);
        }
        return new FloatMatrix(data, rows.length, d);
    }

    /** Splits every non-empty cluster of {@code r} into at most {@code splits} sub-clusters. */
    private Outcome split(VectorSource x, KMeansResult r, LevelParams p, long seed) {
        int d = x.dim();
        SortedClusters groups = SortedClusters.of(r.labels(), r.distances(), r.k());
        int n = r.labels().length;
        int[] labels = new int[n];
        float[] distances = new float[n];
        float[] centroids = new float[0];
        int made = 0;
        for (int c = 0; c < r.k(); c++) {
            if (groups.size(c) == 0) {
                continue;
            }
            int[] rows = groups.group(c);
            KMeansResult sub = splitOne(gather(x, rows), p, Seeds.derive(seed, 2, c));
            centroids = Arrays.copyOf(centroids, (made + sub.k()) * d);
            System.arraycopy(sub.centroids(), 0, centroids, made * d, sub.k() * d);
            for (int i = 0; i < rows.length; i++) {
                labels[rows[i]] = made + sub.labels()[i];
                distances[rows[i]] = sub.distances()[i];
            }
            made += sub.k();
        }
        return new Outcome(centroids, made, labels, distances, p.clusters() * p.splits());
    }

    private KMeansResult splitOne(FloatMatrix members, LevelParams p, long seed) {
        int k = Math.min(p.splits(), DistinctRows.countUpTo(members, p.splits()));
        return kmeans.run(members, new KMeansParams(k, p.iters(), init, seed),
                stats -> listener.onIteration(level, -1, stats));
    }
}
