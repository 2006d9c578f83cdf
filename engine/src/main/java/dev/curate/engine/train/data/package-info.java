/**
 * What the trainer consumes: batches of tile references from a {@link
 * dev.curate.engine.train.data.BatchSource} behind a bounded prefetch queue, tile pixels from a
 * {@link dev.curate.engine.train.data.TileImageSource}, and the multi-crop augmentation.
 */
package dev.curate.engine.train.data;
