/**
 * The LMDB tile store (embeddings in chunked records, tile table, slide metadata, cluster tree,
 * run state) and the resumable ingest of {@code .npy} parts into it.
 */
package dev.curate.engine.store;
