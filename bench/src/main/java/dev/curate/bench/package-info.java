/**
 * Benchmark harnesses run by the scripts in {@code bench/}: our k-means against faiss, and
 * training throughput with its prefetch wait.
 */
package dev.curate.bench;
