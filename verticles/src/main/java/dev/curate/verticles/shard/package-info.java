/**
 * The store-shard verticle: one shard of the LMDB tile store per node, and the assign step
 * over it.
 */
package dev.curate.verticles.shard;
