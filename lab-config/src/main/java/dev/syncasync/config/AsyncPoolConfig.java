package dev.syncasync.config;

import java.util.List;

/**
 * The {@code async:} section: event-loop workers, by default one per CPU.
 *
 * @param workers    how many async worker servers to run ({@code auto} = one per CPU)
 * @param eventLoops event loops per worker ({@code auto} = one per CPU, for a worker run alone)
 * @param offload    run {@code cpu} work on the worker pool instead of the event loop
 * @param offloadThreads threads of each worker's offload pool ({@code auto} = one per CPU): a pool
 *                   for CPU-bound work larger than the cores only makes its threads share them
 * @param host       address the workers bind
 * @param basePort   port of the first worker, the next ones count up; 0 = free ports
 * @param h2cBasePort port of the first worker's h2c listener (the balancer's multiplexed requests,
 *                   advertised in the registry), the next ones count up; 0 = free ports
 * @param addresses  workers started elsewhere ({@code host:port}) that a standalone balancer
 *                   routes to
 */
public record AsyncPoolConfig(int workers, int eventLoops, boolean offload, int offloadThreads, String host, int basePort,
                              int h2cBasePort, List<String> addresses) {

    public AsyncPoolConfig {
        addresses = List.copyOf(addresses);
    }

    /** Available processors of this JVM, which {@code auto} stands for. */
    public static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static AsyncPoolConfig defaults() {
        return new AsyncPoolConfig(cpus(), cpus(), false, cpus(), "127.0.0.1", 0, 0, List.of());
    }

    static AsyncPoolConfig read(Section s) {
        AsyncPoolConfig d = defaults();
        return new AsyncPoolConfig(
                s.integerOrAuto("workers", d.workers, cpus(), 0, 1_024),
                s.integerOrAuto("event-loops", d.eventLoops, cpus(), 1, 1_024),
                s.bool("offload", d.offload),
                s.integerOrAuto("offload-threads", d.offloadThreads, cpus(), 1, 1_024),
                s.string("host", d.host),
                s.integer("base-port", d.basePort, 0, 65_535),
                s.integer("h2c-base-port", d.h2cBasePort, 0, 65_535),
                WorkerAddress.parseAll(s, "addresses"));
    }

    /** The settings of the i-th worker (0-based) of this pool. */
    public AsyncWorkerConfig worker(int index) {
        return new AsyncWorkerConfig("async-" + (index + 1), host, basePort == 0 ? 0 : basePort + index,
                eventLoops, offload, offloadThreads, h2cBasePort == 0 ? 0 : h2cBasePort + index);
    }

    /** A copy with another size. */
    public AsyncPoolConfig withSize(int newWorkers, int newEventLoops) {
        return new AsyncPoolConfig(newWorkers, newEventLoops, offload, offloadThreads, host, basePort, h2cBasePort, addresses);
    }

    /** A copy that offloads {@code cpu} work, or not. */
    public AsyncPoolConfig withOffload(boolean newOffload) {
        return new AsyncPoolConfig(workers, eventLoops, newOffload, offloadThreads, host, basePort, h2cBasePort, addresses);
    }
}
