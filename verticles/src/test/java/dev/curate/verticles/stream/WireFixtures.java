package dev.curate.verticles.stream;

import dev.curate.engine.demo.DemoTiles;
import dev.curate.engine.stratify.StoreStrata;
import dev.curate.engine.stratify.StrataPool;
import dev.curate.engine.stratify.StratifyParams;
import dev.curate.engine.train.TrainParams;
import dev.curate.engine.train.data.CropParams;
import dev.curate.engine.train.model.ModelConfig;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.util.List;

/** The real demo tiles, a fixed 4-cluster tree over them, stream and tiny-model settings. */
public final class WireFixtures {

    /** The demo tiles. */
    public static final DemoTiles TILES = DemoTiles.load();

    private WireFixtures() {
    }

    /** One level, 4 clusters: tile t in cluster (t / 29) mod 4 (bands of grid rows). */
    public static ClusterTree bandTree() {
        int n = TILES.tileCount();
        long[] offsets = new long[5];
        long[] members = new long[n];
        int at = 0;
        for (int c = 0; c < 4; c++) {
            offsets[c] = at;
            for (int t = 0; t < n; t++) {
                if ((t / 29) % 4 == c) {
                    members[at++] = t;
                }
            }
        }
        offsets[4] = at;
        return new ClusterTree(List.of(new TreeLevel(offsets, members, null, 0)), n);
    }

    /** The band tree's strata over the demo tile table. */
    public static StrataPool pool() {
        return StoreStrata.of(bandTree(), TILES.tileTable(), null);
    }

    /** Batches of 16, 10 per epoch, at most 3 open slides per epoch. */
    public static StratifyParams stream(long seed) {
        return new StratifyParams(16, 160, 3, seed, false);
    }

    /** The tiny model, 2 local crops, batch 16, prefetch 2, a checkpoint every 5 steps. */
    public static TrainParams tiny(long steps, long seed) {
        ModelConfig m = ModelConfig.tiny();
        TrainParams d = TrainParams.defaults(m, steps);
        return new TrainParams(m, new CropParams(m.globalCropPx(), m.localCropPx(), 2, 0.4f,
                0.1f, 0.4f, 0.1f), 16, steps, steps / 10, 1e-3, 1e-6, d.weightDecayStart(),
                d.weightDecayEnd(), d.momentumStart(), d.momentumEnd(), d.studentTemp(),
                d.teacherTemp(), d.centerMomentum(), d.koleoWeight(), d.ibotWeight(), 2, 5, seed);
    }
}
