/**
 * Metadata-based sampling over slide metadata (inverse-frequency weighted draws and exact
 * balanced quotas per group, Chen et al. 2025, arXiv 2503.18709) and tissue-name
 * standardisation; both work per group and per slide, never with one object per tile.
 */
package dev.curate.engine.metadata;
