/**
 * Run configuration: the published YAML configs of the reference tools and the command line's
 * per-level lists, both validated by one set of rules into hierarchy parameters.
 */
package dev.curate.engine.config;
