/**
 * DINO-style self-distillation training on tile images with DJL's PyTorch engine: the training
 * loop, its schedules, checkpoints and the per-step statistics it reports to a listener.
 */
package dev.curate.engine.train;
