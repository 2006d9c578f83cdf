package dev.curate.engine.projection;

import dev.curate.engine.kmeans.VectorSource;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tagbio.umap.Umap;

/**
 * Projects {@code n} vectors of dimension {@code d} to 2-D with UMAP (McInnes, Healy and
 * Melville, UMAP: Uniform Manifold Approximation and Projection, 2018), computed by Tag.bio's
 * umap-java library: a nearest-neighbour graph of {@code neighbours} per point under the
 * Euclidean metric, then a seeded layout optimisation. The whole source is read into memory
 * ({@code 4 n d} bytes), so it is meant for maps of at most a few ten thousand points; larger
 * ones stay with {@link PcaProjection}.
 *
 * <p>With {@code threads = 1} the same input and seed give the same map; with more threads the
 * layout is seeded too but the neighbour search runs in parallel and may differ slightly.
 */
public final class UmapProjection {

    /** Neighbours per point of the UMAP graph (the library's and the paper's usual 15). */
    public static final int DEFAULT_NEIGHBOURS = 15;

    /** The most points {@link #project} takes unless told otherwise. */
    public static final int DEFAULT_MAX_POINTS = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(UmapProjection.class);

    private UmapProjection() {
    }

    /**
     * Projects every row of {@code source}.
     *
     * @param source the vectors, more than {@code neighbours} rows and at most
     *     {@code maxPoints}
     * @param maxPoints the most rows accepted
     * @param neighbours neighbours per point, at least 2
     * @param seed the layout's random seed
     * @param threads worker threads, at least 1
     * @return {@code 2 n} floats, row {@code i} at {@code xy[2i], xy[2i + 1]}
     * @throws IllegalArgumentException naming the count and the limit when the source has too
     *     few or too many rows, or a parameter is out of range
     */
    public static float[] project(VectorSource source, int maxPoints, int neighbours, long seed,
            int threads) {
        Objects.requireNonNull(source, "source");
        if (neighbours < 2 || threads < 1) {
            throw new IllegalArgumentException("UMAP needs neighbours >= 2 and threads >= 1, got "
                    + neighbours + " and " + threads);
        }
        long n = source.rows();
        if (n > maxPoints) {
            throw new IllegalArgumentException("UMAP map of " + n + " rows: at most " + maxPoints
                    + " are taken (it holds all rows in memory and takes about a second per"
                    + " 1,600 points on 2 cores); use the PCA map or raise the limit");
        }
        if (n <= neighbours) {
            throw new IllegalArgumentException("UMAP map of " + n + " rows needs more rows than"
                    + " its " + neighbours + " neighbours per point");
        }
        // LIMIT: all rows are held as float[n][d] and the map takes about 10 s for 6,728 x 64
        // on 2 cores, so stores above maxPoints are refused, not sampled; --umap-max-points.
        int d = source.dim();
        float[][] rows = new float[(int) n][d];
        source.scan(4096, (firstRow, count, data) -> {
            for (int i = 0; i < count; i++) {
                System.arraycopy(data, i * d, rows[(int) firstRow + i], 0, d);
            }
        });
        long start = System.nanoTime();
        float[][] y = new Umap().setNumberComponents(2).setNumberNearestNeighbours(neighbours)
                .setSeed(seed).setThreads(threads).fitTransform(rows);
        float[] xy = new float[2 * (int) n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = y[i][0];
            xy[2 * i + 1] = y[i][1];
        }
        LOG.info("UMAP map of {} rows x {}: {} neighbours, seed {}, {} threads, {} ms", n, d,
                neighbours, seed, threads, (System.nanoTime() - start) / 1_000_000);
        return xy;
    }
}
