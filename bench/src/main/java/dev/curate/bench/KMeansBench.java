package dev.curate.bench;

import dev.curate.engine.accel.BackendSelection;
import dev.curate.engine.accel.Backends;
import dev.curate.engine.kmeans.FloatMatrix;
import dev.curate.engine.kmeans.KMeans;
import dev.curate.engine.kmeans.KMeansResult;
import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Times Lloyd iterations of our k-means on every requested backend, on seeded synthetic float32
 * data that it also saves as {@code .npy} so faiss clusters exactly the same matrix, and
 * measures the machine's SGEMM rate in the same run. Prints one {@code key=value} line per
 * measurement for {@code kmeans-vs-faiss.sh}.
 *
 * <p>Options: {@code --n --d --k --iters --slow-iters --backends a,b --seed --out file.npy}.
 */
public final class KMeansBench {

    private KMeansBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args options as listed in the class comment
     */
    public static void main(String[] args) {
        Map<String, String> o = options(args);
        int n = Integer.parseInt(o.getOrDefault("n", "100000"));
        int d = Integer.parseInt(o.getOrDefault("d", "1024"));
        int k = Integer.parseInt(o.getOrDefault("k", "1000"));
        int iters = Integer.parseInt(o.getOrDefault("iters", "10"));
        int slowIters = Integer.parseInt(o.getOrDefault("slow-iters", "2"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        FloatMatrix data = generate(n, d, k, seed);
        writeNpy(Path.of(o.getOrDefault("out", "kmeans-bench.npy")), data);
        float[] init = data.selectRows(randomRows(n, k, seed)).data();
        System.out.printf(Locale.ROOT, "gemm_java_netlib_gflops=%.1f%n", sgemmRate());
        for (String name : o.getOrDefault("backends", "cpu-fast,java,opencl").split(",")) {
            int it = name.equals("cpu-fast") ? iters : slowIters;
            timeBackend(name, data, init, k, it);
        }
    }

    private static void timeBackend(String name, FloatMatrix data, float[] init, int k,
            int iters) {
        BackendSelection s = Backends.select(name, false);
        try (var backend = s.backend()) {
            List<Long> stamps = new ArrayList<>();
            long start = System.nanoTime();
            KMeansResult r = new KMeans(backend).runFrom(data, init, k, iters,
                    stats -> stamps.add(System.nanoTime()));
            int done = stamps.size();
            double secPerIter = (stamps.get(done - 1) - start) / 1e9 / done;
            double gflops = 2.0 * data.rowCount() * k * data.dim() / secPerIter / 1e9;
            System.out.printf(Locale.ROOT, "ours backend=%s asked=%s fallback=%s iters=%d "
                    + "sec_per_iter=%.3f gflops=%.1f objective=%.6e empty=%d reason=\"%s\"%n",
                    s.name(), name, s.fallback(), done, secPerIter, gflops, r.objective(),
                    r.emptyClusters(), s.reason());
        }
    }

    /** Gaussian blobs around k seeded centres, unit variance noise of 0.5 per coordinate. */
    private static FloatMatrix generate(int n, int d, int k, long seed) {
        Random rnd = new Random(seed);
        float[] centres = new float[k * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) rnd.nextGaussian();
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = rnd.nextInt(k);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = centres[c * d + j] + 0.5f * (float) rnd.nextGaussian();
            }
        }
        return new FloatMatrix(x, n, d);
    }

    private static int[] randomRows(int n, int k, long seed) {
        Random rnd = new Random(seed + 1);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return java.util.Arrays.copyOf(perm, k);
    }

    /** Best of three 4096 x 1024 x 1024 SGEMMs through netlib-java, in GFLOP/s. */
    private static double sgemmRate() {
        int m = 4096;
        int kk = 1024;
        int nn = 1024;
        float[] a = new float[m * kk];
        float[] b = new float[kk * nn];
        float[] c = new float[m * nn];
        Random rnd = new Random(3);
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextFloat();
        }
        BLAS blas = BLAS.getInstance();
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long t = System.nanoTime();
            blas.sgemm("N", "N", nn, m, kk, 1f, b, nn, a, kk, 0f, c, nn);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return 2.0 * m * kk * nn / best / 1e9;
    }

    /** Writes a version 1.0 '<f4' .npy to a temporary name, then renames it. */
    private static void writeNpy(Path path, FloatMatrix m) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + m.rowCount()
                + ", " + m.dim() + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate(10 + header.length())
                    .order(ByteOrder.LITTLE_ENDIAN);
            head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                    .put((byte) 1).put((byte) 0).putShort((short) header.length())
                    .put(header.getBytes(StandardCharsets.US_ASCII)).flip();
            ch.write(head);
            ByteBuffer body = ByteBuffer.allocate(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : m.data()) {
                if (!body.hasRemaining()) {
                    ch.write(body.flip());
                    body.clear();
                }
                body.putFloat(v);
            }
            ch.write(body.flip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + tmp + " to " + path, e);
        }
    }

    /** Parses {@code --key value} pairs; shared by the harnesses. */
    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }
}
