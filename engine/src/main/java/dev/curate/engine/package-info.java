/**
 * The curation engine: plain Java with no event bus and no command line, so that every
 * algorithm can be tested in one JVM without a network.
 */
package dev.curate.engine;
