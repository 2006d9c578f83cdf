/**
 * The k-means coordinator: runs the engine's hierarchical k-means over the store shards,
 * reduces their partial sums in shard order and checkpoints every finished level.
 */
package dev.curate.verticles.kmeans;
