/**
 * The k-means coordinator: runs the engine's hierarchical k-means over the store shards,
 * adds their exact partial sums and checkpoints every Lloyd step, phase and level.
 */
package dev.curate.verticles.kmeans;
