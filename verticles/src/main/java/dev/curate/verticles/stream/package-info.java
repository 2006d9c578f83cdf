/**
 * The batch streamer: the engine's cluster-stratified batches sent to the trainer over the
 * event bus with credit-based flow control.
 */
package dev.curate.verticles.stream;
