/**
 * The live page and the web verticle that serves it: static assets from the classpath, a
 * websocket that forwards allow-listed bus events to the page and lets it call allow-listed
 * request addresses, and tile thumbnails over HTTP. It knows addresses only from its config.
 */
package dev.curate.web;
