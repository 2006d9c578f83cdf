/**
 * Benchmark harnesses run by the scripts in {@code bench/}: our k-means against faiss.
 */
package dev.curate.bench;
