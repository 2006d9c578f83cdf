/**
 * Hierarchical k-means with resampling (Vo et al. 2024, arXiv 2405.15613): initialisation,
 * Lloyd iterations, resampling steps, splitting, and the level-by-level driver.
 */
package dev.curate.engine.kmeans;
