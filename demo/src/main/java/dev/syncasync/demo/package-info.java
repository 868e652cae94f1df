/**
 * {@code ./lab demo}: starts the three pools in this JVM, runs the Gatling simulations in a child JVM
 * against each, and sets every measurement beside the theory's prediction; and {@code ./lab plan}
 * ({@link dev.syncasync.demo.PlanCommand}), the capacity planner, whose {@code --verify} runs its
 * answer the same way.
 */
package dev.syncasync.demo;
