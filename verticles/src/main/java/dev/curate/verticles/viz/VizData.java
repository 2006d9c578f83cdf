package dev.curate.verticles.viz;

import dev.curate.engine.io.GroupStatsReader.GroupStats;
import dev.curate.engine.io.TileTable;
import dev.curate.engine.kmeans.VectorSource;
import dev.curate.engine.projection.MixtureMap;
import dev.curate.engine.projection.PcaProjection;
import dev.curate.engine.projection.UmapProjection;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.SubsetSpread;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What the page shows of one pool, held in memory: the 2-D map (point {@code i} is tile
 * {@code i}), one categorical layer per tree level, slide and slide-metadata column, and the
 * optional tile table, thumbnail source, tree and metadata-sample stats. Immutable once built;
 * safe to read from any thread.
 *
 * @param source where the map comes from: {@code pca} of a store, or {@code synthetic}
 * @param xy {@code 2 n} floats, point {@code i} at {@code xy[2i], xy[2i + 1]}
 * @param layers categorical columns, each with one code per point ({@code -1}: none)
 * @param tiles slide and position of each tile, or null for a synthetic map
 * @param thumbnails renders tile {@code i} as PNG bytes, or null when there is no tile source
 * @param tree the cluster tree, or null before clustering
 * @param groups the metadata sample's per-group stats, or null when none was given
 */
public record VizData(String source, float[] xy, List<Layer> layers, TileTable tiles,
        IntFunction<byte[]> thumbnails, ClusterTree tree, List<GroupStats> groups) {

    /** Power-iteration steps of the PCA map; enough for a stable picture. */
    public static final int PCA_ITERATIONS = 300;

    /** Layers with more categories than this send no names; the page shows indices. */
    public static final int MAX_NAMED_CATEGORIES = 1000;

    /**
     * One categorical column of the map.
     *
     * @param name the column's name, for example {@code level 2} or {@code slide}
     * @param categories how many distinct codes
     * @param names code {@code c}'s label at index {@code c}; empty when there are too many
     * @param codes one code per point, {@code 0 .. categories - 1}, or {@code -1} for none
     */
    public record Layer(String name, int categories, List<String> names, int[] codes) {
    }

    /**
     * How the map of a store is drawn.
     *
     * @param name {@code pca} (any size) or {@code umap} (at most {@code maxPoints} tiles)
     * @param maxPoints the most tiles a UMAP map takes
     * @param seed the UMAP layout's seed
     */
    public record MapProjection(String name, int maxPoints, long seed) {

        /** Checks the name. */
        public MapProjection {
            if (!"pca".equals(name) && !"umap".equals(name)) {
                throw new IllegalArgumentException("projection '" + name + "' unknown; expected"
                        + " pca or umap");
            }
        }

        /** The default: PCA of every tile. */
        public static MapProjection pca() {
            return new MapProjection("pca", 0, 0);
        }

        /** Projects the vectors; UMAP runs on all cores. */
        float[] project(VectorSource vectors) {
            if ("pca".equals(name)) {
                return PcaProjection.project(vectors, PCA_ITERATIONS).xy();
            }
            return UmapProjection.project(vectors, maxPoints, UmapProjection.DEFAULT_NEIGHBOURS,
                    seed, Runtime.getRuntime().availableProcessors());
        }
    }

    /** Returns the number of map points. */
    public int points() {
        return xy.length / 2;
    }

    /** Returns this data with the metadata sample's stats attached. */
    public VizData withGroups(List<GroupStats> stats) {
        return new VizData(source, xy, layers, tiles, thumbnails, tree, List.copyOf(stats));
    }

    /**
     * Builds the page's data of a store: a PCA map of every row, a layer per tree level, the
     * slide, and one layer per slide-metadata column.
     *
     * @param vectors the tile embeddings, row {@code i} is tile {@code i}
     * @param tiles the tile table, one row per vector
     * @param tree the tree, or null when the store has none yet
     * @param slideMetadata the metadata of a slide id, empty when it has none
     * @param thumbnails tile renderer, or null when there is no tile source
     * @return the data
     */
    public static VizData ofStore(VectorSource vectors, TileTable tiles, ClusterTree tree,
            Function<String, Optional<Map<String, String>>> slideMetadata,
            IntFunction<byte[]> thumbnails) {
        return ofStore(vectors, tiles, tree, slideMetadata, thumbnails, MapProjection.pca());
    }

    /**
     * Builds the page's data of a store as {@link #ofStore(VectorSource, TileTable,
     * ClusterTree, Function, IntFunction)} does, with the map drawn by {@code projection}.
     *
     * @param vectors the tile embeddings, row {@code i} is tile {@code i}
     * @param tiles the tile table, one row per vector
     * @param tree the tree, or null when the store has none yet
     * @param slideMetadata the metadata of a slide id, empty when it has none
     * @param thumbnails tile renderer, or null when there is no tile source
     * @param projection PCA or UMAP
     * @return the data, its source named after the projection
     */
    public static VizData ofStore(VectorSource vectors, TileTable tiles, ClusterTree tree,
            Function<String, Optional<Map<String, String>>> slideMetadata,
            IntFunction<byte[]> thumbnails, MapProjection projection) {
        if (tiles.tileCount() != vectors.rows()) {
            throw new IllegalArgumentException("map of " + vectors.rows() + " vectors needs as"
                    + " many tile table rows, got " + tiles.tileCount());
        }
        // LIMIT: the map is held on the heap, 8 + 4 * layers bytes per tile (about 1.2 GiB
        // for 50M tiles with 3 levels and a slide layer); raise -Xmx or serve a subset.
        float[] xy = projection.project(vectors);
        List<Layer> layers = new ArrayList<>();
        if (tree != null) {
            for (int l = 1; l <= tree.depth(); l++) {
                layers.add(levelLayer(tree, l));
            }
        }
        layers.add(new Layer("slide", tiles.slideIds().size(), namesOrEmpty(tiles.slideIds()),
                tiles.slideOfTile().clone()));
        layers.addAll(metadataLayers(tiles, slideMetadata));
        return new VizData(projection.name(), xy, List.copyOf(layers), tiles, thumbnails, tree,
                null);
    }

    /**
     * Builds a synthetic map for load tests: {@code n} points in {@code k} blobs, with the
     * blob as the only layer.
     *
     * @param n points, at least 1
     * @param k blobs, 1 to {@code n}
     * @param seed random seed
     * @return the data, with no tiles, thumbnails or tree
     */
    public static VizData synthetic(int n, int k, long seed) {
        MixtureMap.Points p = MixtureMap.draw(n, k, seed);
        List<String> names = new ArrayList<>();
        for (int b = 0; b < k; b++) {
            names.add("blob " + b);
        }
        Layer blob = new Layer("blob", k, namesOrEmpty(names), p.blob());
        return new VizData("synthetic", p.xy(), List.of(blob), null, null, null, null);
    }

    private static Layer levelLayer(ClusterTree tree, int level) {
        long[] cluster = SubsetSpread.clusterOfTile(tree, level);
        int[] codes = new int[cluster.length];
        for (int t = 0; t < codes.length; t++) {
            codes[t] = (int) cluster[t];
        }
        return new Layer("level " + level, tree.level(level).clusterCount(), List.of(), codes);
    }

    private static List<Layer> metadataLayers(TileTable tiles,
            Function<String, Optional<Map<String, String>>> slideMetadata) {
        // column -> value -> code, in first-seen order
        Map<String, Map<String, Integer>> columns = new LinkedHashMap<>();
        List<Map<String, String>> perSlide = new ArrayList<>();
        for (String slide : tiles.slideIds()) {
            Map<String, String> meta = slideMetadata.apply(slide).orElse(Map.of());
            perSlide.add(meta);
            meta.forEach((column, value) -> columns.computeIfAbsent(column,
                    c -> new LinkedHashMap<>()).putIfAbsent(value, columns.get(column).size()));
        }
        List<Layer> layers = new ArrayList<>();
        columns.forEach((column, values) -> {
            int[] codes = new int[tiles.tileCount()];
            for (int t = 0; t < codes.length; t++) {
                String v = perSlide.get(tiles.slideOfTile()[t]).get(column);
                codes[t] = v == null ? -1 : values.get(v);
            }
            layers.add(new Layer(column, values.size(),
                    namesOrEmpty(new ArrayList<>(values.keySet())), codes));
        });
        return layers;
    }

    private static List<String> namesOrEmpty(List<String> names) {
        return names.size() > MAX_NAMED_CATEGORIES ? List.of() : List.copyOf(names);
    }
}
