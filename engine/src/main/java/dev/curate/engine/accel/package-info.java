/**
 * Compute backends for the k-means assign step (nearest centroid plus partial sums): an Aparapi
 * OpenCL kernel, its pure-Java twin, and a BLAS-backed CPU path, chosen once per run.
 */
package dev.curate.engine.accel;
