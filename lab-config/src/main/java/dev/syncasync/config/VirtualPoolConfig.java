package dev.syncasync.config;

import java.util.List;

/**
 * The {@code virtual:} section: the sync worker's blocking code with each request on a new
 * virtual thread, by default one worker per CPU and no limit on requests at once.
 *
 * @param workers       how many virtual worker servers to run ({@code auto} = one per CPU)
 * @param maxConcurrent requests one worker serves at once; 0 = no limit (the next ones wait at
 *                      the balancer, as on the sync pool, when it is set)
 * @param offloadThreads platform threads of each worker's pool for {@code offload=true} work
 *                      ({@code auto} = one per CPU, as on the async pool)
 * @param host          address the workers bind
 * @param basePort      port of the first worker, the next ones count up; 0 = free ports
 * @param addresses     workers started elsewhere ({@code host:port}) that a standalone balancer
 *                      routes to
 */
public record VirtualPoolConfig(int workers, int maxConcurrent, int offloadThreads, String host, int basePort, List<String> addresses) {

    /** {@code max-concurrent} of a worker with no limit. */
    public static final int UNLIMITED = 0;

    public VirtualPoolConfig {
        addresses = List.copyOf(addresses);
    }

    public static VirtualPoolConfig defaults() {
        return new VirtualPoolConfig(AsyncPoolConfig.cpus(), UNLIMITED, AsyncPoolConfig.cpus(), "127.0.0.1", 0, List.of());
    }

    static VirtualPoolConfig read(Section s) {
        VirtualPoolConfig d = defaults();
        return new VirtualPoolConfig(
                s.integerOrAuto("workers", d.workers, AsyncPoolConfig.cpus(), 0, 1_024),
                s.integer("max-concurrent", d.maxConcurrent, 0, 1_000_000),
                s.integerOrAuto("offload-threads", d.offloadThreads, AsyncPoolConfig.cpus(), 1, 1_024),
                s.string("host", d.host),
                s.integer("base-port", d.basePort, 0, 65_535),
                WorkerAddress.parseAll(s, "addresses"));
    }

    /** The settings of the i-th worker (0-based) of this pool. */
    public VirtualWorkerConfig worker(int index) {
        return new VirtualWorkerConfig("virtual-" + (index + 1), host, basePort == 0 ? 0 : basePort + index,
                maxConcurrent, offloadThreads);
    }

    /** A copy with another number of workers. */
    public VirtualPoolConfig withWorkers(int newWorkers) {
        return new VirtualPoolConfig(newWorkers, maxConcurrent, offloadThreads, host, basePort, addresses);
    }

    /** A copy with another cap on requests at once per worker (0 = none). */
    public VirtualPoolConfig withMaxConcurrent(int newMaxConcurrent) {
        return new VirtualPoolConfig(workers, newMaxConcurrent, offloadThreads, host, basePort, addresses);
    }
}
