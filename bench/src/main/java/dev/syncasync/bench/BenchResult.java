package dev.syncasync.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * One whole run of one layout: both paths side by side, and where and how it was measured.
 *
 * @param options  what the run was asked to do
 * @param machine  what it ran on
 * @param layout   where client, worker and balancer ran
 * @param started  when it began
 * @param took     how long it took, start-up included
 * @param rate     the open-loop rate, requests/s
 * @param direct   the worker hit directly
 * @param balancer the same worker through the balancer
 */
record BenchResult(BenchOptions options, Machine machine, Layout layout, Instant started, Duration took, double rate,
                   PathResult direct, PathResult balancer) {

    /** Balancer throughput as a share of direct throughput. */
    double throughputRatio() {
        double d = direct.maxPerSecond();
        return d == 0 ? 0 : balancer.maxPerSecond() / d;
    }

    /** What the balancer adds at p50, in milliseconds. */
    double addedP50Ms() {
        return (balancer.latency().p50() - direct.latency().p50()) / 1_000.0;
    }

    /** What the balancer adds at p99, in milliseconds. */
    double addedP99Ms() {
        return (balancer.latency().p99() - direct.latency().p99()) / 1_000.0;
    }
}
