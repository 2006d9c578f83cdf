/** The progress publisher: run events out to subscribers, and the run status endpoint. */
package dev.curate.verticles.progress;
