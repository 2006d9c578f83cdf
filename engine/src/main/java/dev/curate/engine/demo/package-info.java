/**
 * The built-in demo: tiles cut from a real H-DAB colon image shipped on the classpath, and a
 * hand-made histology descriptor that gives them embeddings, so the engine runs end to end
 * without an external model or data set.
 */
package dev.curate.engine.demo;
