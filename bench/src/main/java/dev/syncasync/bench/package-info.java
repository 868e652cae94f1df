/**
 * {@code ./lab bench}: what the balancer adds, measured in one run against one async worker hit
 * directly and through the balancer, with a small load client of its own (closed loop for the
 * maximum rate, open loop at a fixed rate for latency).
 */
package dev.syncasync.bench;
