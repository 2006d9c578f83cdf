/**
 * Two-dimensional maps of tile embeddings for the live page: a principal-component projection
 * of any vector source, and a seeded synthetic map for load tests of the page.
 */
package dev.curate.engine.projection;
