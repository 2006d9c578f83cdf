/**
 * What a trained run is for: embedding tiles with the teacher (to curate them again) and a
 * k-nearest-neighbour probe of how well those embeddings separate a labelled set.
 */
package dev.curate.engine.train.eval;
