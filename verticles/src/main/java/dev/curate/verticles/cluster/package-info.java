/** Cluster bootstrap: Hazelcast on a TCP member list, bound to one interface. */
package dev.curate.verticles.cluster;
