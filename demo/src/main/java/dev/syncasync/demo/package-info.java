/**
 * {@code ./lab demo}: starts both pools in this JVM, runs the Gatling simulations in a child JVM
 * against each, and sets every measurement beside the theory's prediction.
 */
package dev.syncasync.demo;
