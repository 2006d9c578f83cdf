/**
 * Vert.x verticles that adapt the engine to the event bus. The runtime issue fills this module;
 * the engine never depends on it.
 */
package dev.curate.verticles;
