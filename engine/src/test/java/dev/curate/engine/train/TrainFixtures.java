package dev.curate.engine.train;

import dev.curate.engine.demo.DemoTiles;
import dev.curate.engine.train.data.CropParams;
import dev.curate.engine.train.data.DemoTileImageSource;
import dev.curate.engine.train.data.TopClusterBatchSource;
import dev.curate.engine.train.model.ModelConfig;
import dev.curate.engine.tree.ClusterTree;
import dev.curate.engine.tree.TreeLevel;
import java.util.List;

/** Real demo tiles, a small fixed tree over them, and the tiny model's parameters. */
final class TrainFixtures {

    static final DemoTiles TILES = DemoTiles.load();

    private TrainFixtures() {
    }

    /** One level, 4 clusters: tile t in cluster (t / 29) mod 4, i.e. bands of grid rows. */
    static ClusterTree bandTree() {
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

    static TopClusterBatchSource batches(TrainParams p) {
        return new TopClusterBatchSource(bandTree(), TILES.tileTable(), p.batchSize(), p.seed());
    }

    static DemoTileImageSource images() {
        return new DemoTileImageSource(TILES);
    }

    /** The tiny model, 2 local crops, batch 16, a checkpoint every 5 steps. */
    static TrainParams tiny(long steps, long seed) {
        ModelConfig m = ModelConfig.tiny();
        TrainParams d = TrainParams.defaults(m, steps);
        return new TrainParams(m, new CropParams(m.globalCropPx(), m.localCropPx(), 2, 0.4f,
                0.1f, 0.4f, 0.1f), 16, steps, steps / 10, 1e-3, 1e-6, d.weightDecayStart(),
                d.weightDecayEnd(), d.momentumStart(), d.momentumEnd(), d.studentTemp(),
                d.teacherTemp(), d.centerMomentum(), d.koleoWeight(), d.ibotWeight(), 2, 5, seed);
    }
}
