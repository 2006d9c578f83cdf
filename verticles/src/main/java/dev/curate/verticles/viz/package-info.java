/**
 * Serves the page's data on the bus: the 2-D map in binary chunks, tile thumbnails and paths,
 * the tree summary and the metadata sample's stats. All work runs on worker threads.
 */
package dev.curate.verticles.viz;
