package dev.curate.engine.kmeans;

import dev.curate.engine.accel.AssignBackend;
import dev.curate.engine.accel.ClusterSums;
import dev.curate.engine.accel.ExactFloatSum;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One k-means run (SPEC 4.1): an initialisation, then Lloyd iterations whose assign step runs on
 * an {@link AssignBackend} and whose centroid sums are exact ({@link ClusterSums}), so they
 * do not depend on how the rows are split or ordered. A cluster left empty keeps its previous
 * centroid (the reference behaviour of Vo et al. 2024, arXiv 2405.15613) and is counted
 * in every iteration's stats and in the result. The run stops early when no label changes,
 * which gives the same result as running on.
 *
 * <p>Validation happens before any compute: {@code k} must not exceed the rows nor the distinct
 * rows. The input must be finite (ingest rejects NaN and Inf, field case C04); a non-finite
 * objective is reported as bad input. Not thread safe: one run at a time per instance, because
 * the backend is not.
 */
public final class KMeans {

    private static final Logger LOG = LoggerFactory.getLogger(KMeans.class);

    /** Rows per scan block: 64 MiB of float32 at most, so the block stays modest. */
    private static final int SCAN_FLOATS = 1 << 24;

    private final AssignBackend backend;

    /**
     * Creates a runner on {@code backend}; the caller keeps ownership of the backend.
     *
     * @param backend the assign step, used from the calling thread only
     */
    public KMeans(AssignBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * Runs k-means with the initialisation of {@code params}.
     *
     * @param data the rows to cluster, finite, at most {@code 2^31 - 1}
     * @param params k, iterations, init and seed
     * @param listener receives each iteration's stats
     * @return centroids, final labels, sizes and the empty-cluster count
     * @throws IllegalArgumentException when k exceeds the rows or the distinct rows (naming
     *     both numbers), or the input is not finite
     */
    public KMeansResult run(VectorSource data, KMeansParams params, KMeansListener listener) {
        int n = checkRows(data);
        int k = params.k();
        if (k > n) {
            throw new IllegalArgumentException("k = " + k + " clusters asked for but the input has "
                    + "only " + n + " rows");
        }
        int distinct = DistinctRows.countUpTo(data, k);
        if (distinct < k) {
            throw new IllegalArgumentException("k = " + k + " clusters asked for but the input's "
                    + n + " rows hold only " + distinct + " distinct vectors");
        }
        Random rnd = new Random(params.seed());
        float[] init = switch (params.init()) {
            case KMEANS_PLUS_PLUS -> KMeansInit.greedyPlusPlus(data, null, k, rnd,
                    chosen -> listener.onInit(chosen, k));
            case RANDOM -> KMeansInit.randomRows(data, k, rnd);
            case KMEANS_PARALLEL -> KMeansInit.parallel(data, k, rnd, backend);
        };
        listener.onState(0, init.clone(), null);
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        return lloyd(data, init, k, params.iters(), 0, labels, listener);
    }

    /**
     * Continues a run of {@link #run} from the state its listener got in
     * {@link KMeansListener#onState}: with the same data and params the result equals the
     * uninterrupted run's, and the listener hears the iterations after {@code iteration} only.
     * At an iteration above 0 one assign pass with {@code previous} first recovers the labels
     * the next iteration compares with.
     *
     * @param data the rows of the interrupted run
     * @param params its params
     * @param iteration updates done, from 0
     * @param centroids the centroids after them (copied)
     * @param previous the centroids before the last update, {@code null} at iteration 0
     * @param listener receives each further iteration's stats and states
     * @return the result of the whole run
     * @throws IllegalArgumentException when the state does not fit {@code data} and params
     */
    public KMeansResult resume(VectorSource data, KMeansParams params, int iteration,
            float[] centroids, float[] previous, KMeansListener listener) {
        int n = checkRows(data);
        int k = params.k();
        long values = (long) k * data.dim();
        if (iteration < 0 || iteration > params.iters() || centroids.length != values
                || (iteration > 0 ? previous == null || previous.length != values
                        : previous != null)) {
            throw new IllegalArgumentException("cannot resume k-means (k = " + k + ", "
                    + params.iters() + " iterations, dim " + data.dim() + ") at iteration "
                    + iteration + " from " + centroids.length + " centroid values and "
                    + (previous == null ? "no" : previous.length) + " previous values");
        }
        int[] labels = new int[n];
        if (iteration == 0) {
            Arrays.fill(labels, -1);
        } else {
            // a source that assigns remotely keeps these labels for the next step's count
            assignAll(data, previous, k, labels, new float[n], false);
        }
        return lloyd(data, centroids.clone(), k, params.iters(), iteration, labels, listener);
    }

    /**
     * Runs Lloyd iterations from given centroids; no distinct-row check, since the caller chose
     * the centres (an empty cluster simply keeps its centroid).
     *
     * @param data the rows to cluster, finite
     * @param initialCentroids row-major {@code k x dim} start centroids (copied)
     * @param k number of centroids, at least 1
     * @param iters Lloyd iterations, at least 1
     * @param listener receives each iteration's stats
     * @return centroids, final labels, sizes and the empty-cluster count
     */
    public KMeansResult runFrom(VectorSource data, float[] initialCentroids, int k, int iters,
            KMeansListener listener) {
        int n = checkRows(data);
        if (k < 1 || iters < 1 || initialCentroids.length != (long) k * data.dim()) {
            throw new IllegalArgumentException("initial centroids: need k >= 1, iters >= 1 and "
                    + "k * dim = " + (long) k * data.dim() + " values; got k = " + k
                    + ", iters = " + iters + ", " + initialCentroids.length + " values");
        }
        LOG.debug("k-means on {} rows: k={}, {} iterations", n, k, iters);
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        return lloyd(data, initialCentroids.clone(), k, iters, 0, labels, listener);
    }

    /**
     * Assigns every row to its nearest centroid without moving the centroids (the assign-all step
     * of a resampling level).
     *
     * @param data the rows, finite
     * @param centroids row-major {@code k x dim} centroids (copied into the result)
     * @param k number of centroids, at least 1
     * @return labels, distances and sizes; {@code iterations} is 0
     */
    public KMeansResult assign(VectorSource data, float[] centroids, int k) {
        int n = checkRows(data);
        if (k < 1 || centroids.length != (long) k * data.dim()) {
            throw new IllegalArgumentException("centroids: need k >= 1 and k * dim = "
                    + (long) k * data.dim() + " values; got k = " + k + ", "
                    + centroids.length + " values");
        }
        int[] labels = new int[n];
        float[] dist = new float[n];
        Pass pass = assignAll(data, centroids, k, labels, dist, false);
        fetch(data, labels, dist);
        return new KMeansResult(centroids.clone(), k, data.dim(), labels, dist, pass.counts,
                pass.empty(), pass.objective, 0);
    }

    private static int checkRows(VectorSource data) {
        // LIMIT: labels and distances of all rows live on the heap (8 bytes per row) and one
        // run takes at most 2^31 - 9 rows; cluster larger pools per shard or level-1 split.
        if (data.rows() < 1 || data.rows() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("k-means needs 1 to " + (Integer.MAX_VALUE - 8)
                    + " rows, got " + data.rows());
        }
        return (int) data.rows();
    }

    /**
     * Lloyd iterations from {@code centroids} after {@code done} updates; {@code labels} holds
     * the labels of the pass before (all -1 at 0) and is updated in place.
     */
    private KMeansResult lloyd(VectorSource data, float[] centroids, int k, int iters,
            int done, int[] labels, KMeansListener listener) {
        int n = (int) data.rows();
        float[] dist = new float[n];
        Pass pass = null;
        boolean converged = false;
        boolean continuing = done > 0;
        while (done < iters) {
            pass = assignAll(data, centroids, k, labels, dist, continuing);
            continuing = true;
            listener.onIteration(new IterationStats(done + 1, iters, pass.objective, pass.empty(),
                    pass.changed, n / pass.seconds, pass.seconds));
            LOG.debug("iteration {}/{}: objective {}, {} empty, {} changed, {} s", done + 1,
                    iters, pass.objective, pass.empty(), pass.changed, pass.seconds);
            if (done > 0 && pass.changed == 0) {
                converged = true;
                break;
            }
            float[] before = centroids.clone();
            update(centroids, pass, data.dim());
            done++;
            listener.onState(done, centroids.clone(), before);
        }
        if (!converged) {
            pass = assignAll(data, centroids, k, labels, dist, continuing);
        }
        fetch(data, labels, dist);
        return new KMeansResult(centroids, k, data.dim(), labels, dist, pass.counts,
                pass.empty(), pass.objective, done);
    }

    /** Sets every non-empty cluster's centroid to the mean of its points. */
    private static void update(float[] centroids, Pass pass, int d) {
        for (int c = 0; c < pass.counts.length; c++) {
            long count = pass.counts[c];
            if (count == 0) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                centroids[c * d + j] = (float) (pass.sums.value(c, j) / count);
            }
        }
    }

    /**
     * Runs one assign step. Over a plain source it fills {@code labels} and {@code dist} and
     * counts changes against the labels there; a source that assigns remotely keeps them
     * until {@link #fetch} and counts changes against its previous step when
     * {@code continuing}.
     */
    private Pass assignAll(VectorSource data, float[] centroids, int k, int[] labels,
            float[] dist, boolean continuing) {
        long start = System.nanoTime();
        Pass pass;
        if (data instanceof AssignableSource remote) {
            AssignSummary s = remote.assignStep(centroids, k, continuing);
            if (s.counts().length != k || s.sums().k() != k || s.sums().dim() != data.dim()) {
                throw new IllegalStateException("assign step returned " + s.counts().length
                        + " counts and " + s.sums() + " for k = " + k + ", dim = "
                        + data.dim());
            }
            pass = new Pass(s.sums(), s.counts());
            pass.changed = s.changed();
            pass.objective = s.objective();
        } else {
            AssignPass a = assignLocally(data, centroids, k, backend);
            a.checkShape(labels.length, k, data.dim());
            pass = new Pass(a.sums(), a.counts());
            for (int i = 0; i < labels.length; i++) {
                pass.changed += a.labels()[i] != labels[i] ? 1 : 0;
            }
            pass.objective = objective(a.distances());
            System.arraycopy(a.labels(), 0, labels, 0, labels.length);
            System.arraycopy(a.distances(), 0, dist, 0, dist.length);
        }
        pass.seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        if (!Double.isFinite(pass.objective)) {
            throw new IllegalArgumentException("k-means objective is " + pass.objective
                    + ": the input holds NaN or Inf values (check the embeddings at ingest)");
        }
        return pass;
    }

    /** Brings the labels and distances of a remote source's last step into the arrays. */
    private static void fetch(VectorSource data, int[] labels, float[] dist) {
        if (data instanceof AssignableSource remote) {
            AssignPass a = remote.lastAssignment();
            if (a.labels().length != labels.length || a.distances().length != dist.length) {
                throw new IllegalStateException("last assignment has " + a.labels().length
                        + " labels and " + a.distances().length + " distances for "
                        + labels.length + " rows");
            }
            System.arraycopy(a.labels(), 0, labels, 0, labels.length);
            System.arraycopy(a.distances(), 0, dist, 0, dist.length);
        }
    }

    /**
     * Returns the k-means objective of an assignment: the squared distances added exactly,
     * so it does not depend on how the rows were split.
     *
     * @param distances squared distance per row
     * @return their sum
     */
    public static double objective(float[] distances) {
        ExactFloatSum sum = new ExactFloatSum();
        sum.addAll(distances);
        return sum.value();
    }

    /**
     * Runs the assign step over all rows of {@code data} on this thread: rows are scanned in
     * blocks and handed to {@code backend}, which adds each block to the exact sums. This is
     * the step every {@link KMeans} runs on a plain source; a shard of a distributed pool runs
     * it over its own rows.
     *
     * @param data the rows, finite, at most {@code 2^31 - 9}
     * @param centroids row-major {@code k x dim} centroids; not modified
     * @param k number of centroids, at least 1
     * @param backend the assign kernel, used from this thread only; the caller owns it
     * @return labels and distances per row, sums and counts per centroid
     */
    public static AssignPass assignLocally(VectorSource data, float[] centroids, int k,
            AssignBackend backend) {
        int n = checkRows(data);
        int d = data.dim();
        int[] labels = new int[n];
        float[] dist = new float[n];
        ClusterSums sums = new ClusterSums(k, d);
        long[] counts = new long[k];
        data.scan(scanRows(data), (first, count, block) -> {
            int f = (int) first;
            boolean whole = f == 0 && count == n;
            int[] l = whole ? labels : new int[count];
            float[] dd = whole ? dist : new float[count];
            backend.assign(block, count, d, centroids, k, l, dd, sums, counts);
            if (!whole) {
                System.arraycopy(l, 0, labels, f, count);
                System.arraycopy(dd, 0, dist, f, count);
            }
        });
        return new AssignPass(labels, dist, sums, counts);
    }

    /**
     * Returns the scan block size k-means uses for {@code data}: all rows of an in-heap matrix,
     * else as many rows as fit 64 MiB of float32.
     *
     * @param data the rows
     * @return rows per block, at least 1
     */
    public static int scanRows(VectorSource data) {
        if (data instanceof FloatMatrix m) {
            return Math.max(1, m.rowCount());
        }
        return Math.max(1, SCAN_FLOATS / data.dim());
    }

    /** Sums, counts and objective of one assign pass. */
    private static final class Pass {
        final ClusterSums sums;
        final long[] counts;
        double objective;
        long changed;
        double seconds;

        Pass(ClusterSums sums, long[] counts) {
            this.sums = sums;
            this.counts = counts;
        }

        int empty() {
            int e = 0;
            for (long c : counts) {
                e += c == 0 ? 1 : 0;
            }
            return e;
        }
    }
}
