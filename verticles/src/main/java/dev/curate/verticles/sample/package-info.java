/** The sampling verticle: curated subsets and cluster members from the latest tree. */
package dev.curate.verticles.sample;
