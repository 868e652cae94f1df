/**
 * The capacity planner behind {@code ./lab plan}: for an arrival rate, the work per request and
 * a latency objective, the smallest configuration of each pool kind that meets it, predicted with
 * the model the lab asserts (a seeded Poisson schedule through a FIFO queue of slots,
 * {@link dev.syncasync.theory.PoissonSchedule} and {@link dev.syncasync.theory.SlotQueue}), and
 * what it costs in cores and memory, from the costs the lab has measured ({@link Costs}).
 */
package dev.syncasync.theory.plan;
