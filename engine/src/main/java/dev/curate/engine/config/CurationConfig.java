package dev.curate.engine.config;

import dev.curate.engine.kmeans.HierarchyParams;
import dev.curate.engine.kmeans.InitMethod;
import dev.curate.engine.kmeans.SamplingStrategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A hierarchical k-means run configuration read from YAML with the key names of the published
 * configs (Vo et al. 2024, arXiv 2405.15613; Chen et al. 2025, arXiv 2503.18709):
 * {@code n_levels, n_iters, n_clusters, n_splits, n_resampling_steps, sample_size,
 * sampling_strategy, dtype, high_precision, checkpoint_period}, plus this project's optional
 * {@code seed}, {@code init} and {@code backend}.
 *
 * <p>Per-level keys are lists, one value per level; {@code n_iters} may be one number for every
 * level. A longer {@code sample_size} list is accepted with a warning. The reference tools'
 * launcher keys ({@code ngpus_per_node, nnodes, ncpus_per_gpu, slurm_partition}, and
 * {@code subset_indices_path} when null) are accepted and ignored with a warning, so the
 * published files load as they are; any other key is an error.
 *
 * @param hierarchy the validated per-level settings, strategy, initialisation and seed
 * @param dtype the storage type of vectors [dtype]: {@code float16}, {@code float32} or
 *     {@code float64}
 * @param highPrecision the accumulation type [high_precision]: {@code float32} or
 *     {@code float64}
 * @param checkpointPeriod how many k-means iterations pass between checkpoints
 *     [checkpoint_period], at least 1
 * @param backend the assign backend asked for [backend], lower case, {@code auto} when not set
 * @param warnings messages about accepted but ignored settings, for the CLI to print
 */
public record CurationConfig(HierarchyParams hierarchy, String dtype, String highPrecision,
        int checkpointPeriod, String backend, List<String> warnings) {

    /** Default {@code checkpoint_period}, the published 2-level config's value. */
    public static final int DEFAULT_CHECKPOINT_PERIOD = 1000;

    private static final Set<String> KNOWN = Set.of("n_levels", "n_iters", "n_clusters",
            "n_splits", "n_resampling_steps", "sample_size", "sampling_strategy", "dtype",
            "high_precision", "checkpoint_period", "seed", "init", "backend");
    private static final Set<String> LAUNCHER = Set.of("ngpus_per_node", "nnodes",
            "ncpus_per_gpu", "slurm_partition", "subset_indices_path");

    /** Copies the warnings. */
    public CurationConfig {
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads a YAML config file.
     *
     * @param file a UTF-8 YAML mapping
     * @return the validated config
     * @throws IllegalArgumentException naming the file and key for bad YAML, an unknown key, a
     *     wrong type, a list of the wrong length or a value out of range
     * @throws UncheckedIOException when the file cannot be read
     */
    public static CurationConfig load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses YAML text.
     *
     * @param yaml the YAML mapping
     * @param source the file name or other origin, used in messages
     * @return the validated config
     * @throws IllegalArgumentException as {@link #load}
     */
    public static CurationConfig parse(String yaml, String source) {
        Map<String, Object> map = readMapping(yaml, source);
        List<String> warnings = new ArrayList<>();
        for (String key : map.keySet()) {
            if (LAUNCHER.contains(key)) {
                launcherKey(key, map.get(key), source, warnings);
            } else if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in " + source
                        + "; known keys: " + new TreeSet<>(KNOWN));
            }
        }
        YamlValues v = new YamlValues(map, source);
        try {
            LevelLists.Result levels = LevelLists.build(LevelLists.Names.YAML,
                    v.optionalInt("n_levels"), v.intList("n_clusters"),
                    v.intList("n_resampling_steps"), v.intList("sample_size"),
                    v.intList("n_splits"), v.intOrIntList("n_iters"),
                    SamplingStrategy.parse(v.string("sampling_strategy", "c")),
                    parseInit(v.string("init", "kmeans++")), v.longValue("seed", 0));
            warnings.addAll(levels.warnings());
            return new CurationConfig(levels.params(),
                    v.oneOf("dtype", "float32", "float16", "float32", "float64"),
                    v.oneOf("high_precision", "float64", "float32", "float64"),
                    v.positiveInt("checkpoint_period", DEFAULT_CHECKPOINT_PERIOD),
                    v.string("backend", "auto").toLowerCase(Locale.ROOT), warnings);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains(source)) {
                throw e;
            }
            throw new IllegalArgumentException(e.getMessage() + " (in " + source + ")", e);
        }
    }

    /**
     * Builds hierarchy settings from command-line lists; see {@link LevelLists#fromLists}.
     *
     * @param levels {@code --levels}, or {@code null} for the length of {@code clusters}
     * @param clusters {@code --clusters}, one count per level
     * @param resamplingSteps {@code --resampling-steps}, or {@code null} for 1 per level
     * @param sampleSizes {@code --sample-sizes}, or {@code null} when no level resamples
     * @param splits {@code --splits}, or {@code null} for 1 per level
     * @param iters {@code --iters}, at least 1
     * @param strategy the resampling strategy
     * @param init the k-means initialisation
     * @param seed the seed; any value
     * @return the parameters and warnings
     */
    public static LevelLists.Result fromLists(Integer levels, List<Integer> clusters,
            List<Integer> resamplingSteps, List<Integer> sampleSizes, List<Integer> splits,
            int iters, SamplingStrategy strategy, InitMethod init, long seed) {
        return LevelLists.fromLists(levels, clusters, resamplingSteps, sampleSizes, splits,
                iters, strategy, init, seed);
    }

    /**
     * Parses an initialisation name: {@code kmeans++} (or {@code k-means++}), {@code random},
     * {@code kmeans||} (or {@code k-means||}, {@code kmeans-parallel}), ignoring case.
     *
     * @param value the name
     * @return the method
     * @throws IllegalArgumentException naming the value when it is none of these
     */
    public static InitMethod parseInit(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace("-", "");
        return switch (v) {
            case "kmeans++", "kmeansplusplus" -> InitMethod.KMEANS_PLUS_PLUS;
            case "random" -> InitMethod.RANDOM;
            case "kmeans||", "kmeansparallel" -> InitMethod.KMEANS_PARALLEL;
            default -> throw new IllegalArgumentException("init '" + value
                    + "' is not one of kmeans++, random, kmeans||");
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMapping(String yaml, String source) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("config " + source + " is not valid YAML: "
                    + e.getMessage(), e);
        }
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException("config " + source
                    + " must be a YAML mapping of keys to values, got "
                    + (root == null ? "an empty document" : root.getClass().getSimpleName()));
        }
        for (Object key : ((Map<?, ?>) root).keySet()) {
            if (!(key instanceof String)) {
                throw new IllegalArgumentException("config " + source + " has a non-text key '"
                        + key + "'");
            }
        }
        return (Map<String, Object>) root;
    }

    private static void launcherKey(String key, Object value, String source,
            List<String> warnings) {
        if (key.equals("subset_indices_path") && value != null) {
            throw new IllegalArgumentException("subset_indices_path '" + value + "' in " + source
                    + " is not supported; ingest the subset instead and remove the key");
        }
        warnings.add("ignoring " + key + " in " + source
                + ": a launcher setting of the reference tools, not used here");
    }
}
