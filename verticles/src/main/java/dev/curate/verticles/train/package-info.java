/** The trainer verticle: the engine's DINO trainer fed by the batch stream over the bus. */
package dev.curate.verticles.train;
