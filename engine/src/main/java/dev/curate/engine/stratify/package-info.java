/**
 * Cluster-stratified batch schedules (Chen et al. 2025, arXiv 2503.18709): every batch draws
 * equal shares from the strata of one tree level or metadata column, least-used tiles first,
 * under a per-epoch cap on open slides, resumable epoch by epoch.
 */
package dev.curate.engine.stratify;
