/**
 * The live page and the web verticle that serves it. The visualization issue fills this module.
 */
package dev.curate.web;
