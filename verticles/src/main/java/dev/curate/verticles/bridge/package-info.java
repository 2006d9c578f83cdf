/** The TCP event-bus bridge for lab tools, with explicit inbound and outbound allow-lists. */
package dev.curate.verticles.bridge;
