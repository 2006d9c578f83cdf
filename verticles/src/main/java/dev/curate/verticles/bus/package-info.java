/**
 * What every verticle shares about the bus: the addresses, the failure codes, the JSON form of
 * the engine's records and the chunking of large arrays.
 */
package dev.curate.verticles.bus;
