/**
 * The {@code curate} command line: parses and validates options, runs the engine, and maps the
 * outcome to an exit code (0 ok, 1 run failed, 2 bad input).
 */
package dev.curate.cli;
