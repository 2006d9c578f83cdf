/**
 * Readers and writers for the files curate exchanges with other tools: NumPy {@code .npy}
 * matrices, tile tables and per-tile tree CSVs.
 */
package dev.curate.engine.io;
