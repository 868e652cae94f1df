/**
 * The {@code lab} command: runs a whole topology (balancer and both pools) in one JVM on
 * this machine, with no Docker.
 */
package dev.syncasync.lab;
