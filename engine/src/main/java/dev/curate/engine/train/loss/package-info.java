/**
 * The loss terms of the training run: the DINO cross-entropy between centred, sharpened
 * teacher targets and student predictions, and the KoLeo spreading term.
 */
package dev.curate.engine.train.loss;
