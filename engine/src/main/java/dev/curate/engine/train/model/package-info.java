/**
 * The networks of the training run: a small Vision Transformer backbone built on DJL's
 * transformer encoder blocks, the DINO projection head, and their shapes and sizes.
 */
package dev.curate.engine.train.model;
