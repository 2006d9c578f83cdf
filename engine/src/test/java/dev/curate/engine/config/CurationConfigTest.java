package dev.curate.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.InitMethod;
import dev.curate.engine.kmeans.LevelParams;
import dev.curate.engine.kmeans.SamplingStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CurationConfigTest {

    /** Surefire runs in the engine module folder, so the repository root is its parent. */
    private static final Path CONFIGS = Path.of(System.getProperty("curate.root", ".."))
            .resolve("configs");

    private static CurationConfig load(String name) {
        return CurationConfig.load(CONFIGS.resolve(name));
    }

    @Test
    void loadsEveryShippedConfigWithoutWarnings() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(CONFIGS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(5, files.size(), files.toString());
        for (Path f : files) {
            CurationConfig c = CurationConfig.load(f);
            assertEquals(List.of(), c.warnings(), f.toString());
        }
    }

    @Test
    void pathologyT1ParsesToThePublishedShape() {
        CurationConfig c = load("pathology_t1.yaml");
        HierarchyParams h = c.hierarchy();
        assertEquals(List.of(new LevelParams(100_000, 1, 1, 35, 50),
                new LevelParams(35_000, 10, 50, 1, 50), new LevelParams(350, 10, 50, 1, 50),
                new LevelParams(62, 10, 3, 1, 50)), h.levels());
        assertEquals(SamplingStrategy.CLOSEST, h.strategy());
        assertEquals(InitMethod.KMEANS_PLUS_PLUS, h.init());
        assertEquals(0, h.seed());
        assertEquals("float32", c.dtype());
        assertEquals("float64", c.highPrecision());
        assertEquals(10_000, c.checkpointPeriod());
        assertEquals("auto", c.backend());
    }

    @Test
    void pathologyT2ParsesToThePublishedShape() {
        HierarchyParams h = load("pathology_t2.yaml").hierarchy();
        assertEquals(List.of(new LevelParams(100_000, 1, 1, 35, 50),
                new LevelParams(100_000, 10, 17, 1, 50), new LevelParams(10_000, 10, 5, 1, 50),
                new LevelParams(2_048, 10, 2, 1, 50)), h.levels());
    }

    @Test
    void webImageTreeSplitsLevelOneIntoTenMillionClusters() {
        CurationConfig c = load("4levels_web_images.yaml");
        LevelParams first = c.hierarchy().levels().get(0);
        assertEquals(10_000_000L, (long) first.clusters() * first.splits());
        assertEquals(500_000, c.hierarchy().levels().get(1).clusters());
        assertEquals("float64", c.dtype());
    }

    @Test
    void demoConfigHasThreeSmallLevels() {
        CurationConfig c = load("demo.yaml");
        assertEquals(List.of(new LevelParams(200, 5, 10, 1, 20), new LevelParams(50, 5, 5, 1, 20),
                new LevelParams(12, 5, 3, 1, 20)), c.hierarchy().levels());
        assertEquals(10, c.checkpointPeriod());
    }

    @Test
    void longerSampleSizeListIsAWarningNamingIgnoredValues() {
        CurationConfig c = CurationConfig.parse("n_levels: 2\nn_iters: 5\nn_clusters: [8, 2]\n"
                + "n_resampling_steps: [3, 3]\nsample_size: [4, 2, 7, 9]\n", "t.yaml");
        assertEquals(List.of("sample_size has 4 values but n_levels is 2; ignoring the extra "
                + "values [7, 9]"), c.warnings());
        assertEquals(2, c.hierarchy().levels().get(1).sampleSize());
    }

    @Test
    void publishedLauncherKeysAreIgnoredWithWarnings() {
        CurationConfig c = CurationConfig.parse("n_clusters: [4]\nn_iters: 3\n"
                + "subset_indices_path: null\nnnodes: [1]\n", "ref.yaml");
        assertEquals(List.of("ignoring subset_indices_path in ref.yaml: a launcher setting of "
                + "the reference tools, not used here", "ignoring nnodes in ref.yaml: a launcher "
                + "setting of the reference tools, not used here"), c.warnings());
    }

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class,
                () -> CurationConfig.parse(yaml, "x.yaml")).getMessage();
    }

    @Test
    void rejectsBadConfigsNamingKeyAndFile() {
        assertEquals("n_clusters has 2 values but n_levels is 3 (in x.yaml)",
                error("n_levels: 3\nn_iters: 5\nn_clusters: [20000, 2000]\n"));
        assertEquals("n_iters has 2 values but n_levels is 3 (in x.yaml)",
                error("n_levels: 3\nn_iters: [5, 5]\nn_clusters: [20, 10, 5]\n"));
        assertTrue(error("n_clusters: [4]\nn_iters: 3\nn_cluster: 5\n").startsWith(
                "unknown key 'n_cluster' in x.yaml; known keys: [backend, checkpoint_period,"));
        assertEquals("n_clusters[1] must be an integer of at most 2147483647, got 'many' in "
                + "x.yaml", error("n_clusters: [4, many]\nn_iters: 3\n"));
        assertEquals("dtype 'int8' in x.yaml is not one of float16, float32, float64",
                error("n_clusters: [4]\nn_iters: 3\ndtype: int8\n"));
        assertEquals("level 2 asks for 8 clusters but level 1 produces at most 4 (in x.yaml)",
                error("n_clusters: [4, 8]\nn_iters: 3\n"));
        assertEquals("level 1: splits 3 need resamplingSteps 1, got 2 (splitting follows a "
                + "single k-means run) (in x.yaml)",
                error("n_clusters: [4]\nn_iters: 3\nn_splits: [3]\nn_resampling_steps: [2]\n"
                        + "sample_size: [2]\n"));
        assertEquals("subset_indices_path 'idx.npy' in x.yaml is not supported; ingest the "
                + "subset instead and remove the key",
                error("n_clusters: [4]\nn_iters: 3\nsubset_indices_path: idx.npy\n"));
        assertTrue(error("n_clusters: [4\n").startsWith("config x.yaml is not valid YAML: "));
    }

    @Test
    void scalarItersAppliesToEveryLevelAndSeedMayBeNegative() {
        CurationConfig c = CurationConfig.parse("n_clusters: [6, 3]\nn_iters: 7\nseed: -1\n"
                + "init: random\nsampling_strategy: r\nbackend: Java\n", "s.yaml");
        assertEquals(7, c.hierarchy().levels().get(0).iters());
        assertEquals(7, c.hierarchy().levels().get(1).iters());
        assertEquals(-1, c.hierarchy().seed());
        assertEquals(InitMethod.RANDOM, c.hierarchy().init());
        assertEquals(SamplingStrategy.RANDOM, c.hierarchy().strategy());
        assertEquals("java", c.backend());
    }
}
