package dev.curate.cli;

import dev.curate.engine.demo.DemoTiles;
import dev.curate.engine.train.data.DemoTileImageSource;
import dev.curate.engine.train.data.FolderTileImageSource;
import dev.curate.engine.train.data.TarTileImageSource;
import dev.curate.engine.train.data.TileImageSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where tile pixels come from: exactly one of a folder, tar shards or the demo image. */
final class TileImageOptions {

    @Option(names = "--images", paramLabel = "DIR",
            description = "Folder of tile images: DIR/<slide_id>/<tile_index>.png "
                    + "or DIR/<slide_id>/<x>_<y>.png (also .jpg).")
    Path folder;

    @Option(names = "--images-tar", paramLabel = "PATH",
            description = "A .tar shard or a folder of them, entries named as for --images.")
    Path tar;

    @Option(names = "--demo-images",
            description = "The shipped H-DAB demo tiles (for a store made by curate demo).")
    boolean demo;

    /** Opens the chosen source; the caller closes it. */
    TileImageSource open() {
        int chosen = (folder != null ? 1 : 0) + (tar != null ? 1 : 0) + (demo ? 1 : 0);
        if (chosen != 1) {
            throw new IllegalArgumentException("give exactly one of --images, --images-tar "
                    + "and --demo-images (got " + chosen + ")");
        }
        if (demo) {
            return new DemoTileImageSource(DemoTiles.load());
        }
        return folder != null ? new FolderTileImageSource(folder) : new TarTileImageSource(tar);
    }
}
