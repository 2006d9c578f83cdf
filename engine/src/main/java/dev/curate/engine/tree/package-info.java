/**
 * The cluster tree built by hierarchical k-means, and the top-down balanced sampler over it.
 */
package dev.curate.engine.tree;
