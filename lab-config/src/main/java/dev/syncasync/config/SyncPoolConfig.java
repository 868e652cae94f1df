package dev.syncasync.config;

import java.util.List;

/**
 * The {@code sync:} section: a fixed pool of blocking workers, like gunicorn sync workers.
 *
 * @param workers   how many sync worker servers to run
 * @param threads   blocking threads per worker: its capacity
 * @param host      address the workers bind
 * @param basePort  port of the first worker, the next ones count up; 0 = free ports
 * @param addresses workers started elsewhere ({@code host:port}) that a standalone balancer
 *                  routes to
 */
public record SyncPoolConfig(int workers, int threads, String host, int basePort, List<String> addresses) {

    public SyncPoolConfig {
        addresses = List.copyOf(addresses);
    }

    public static SyncPoolConfig defaults() {
        return new SyncPoolConfig(4, 1, "127.0.0.1", 0, List.of());
    }

    static SyncPoolConfig read(Section s) {
        SyncPoolConfig d = defaults();
        return new SyncPoolConfig(
                s.integer("workers", d.workers, 0, 1_024),
                s.integer("threads", d.threads, 1, 10_000),
                s.string("host", d.host),
                s.integer("base-port", d.basePort, 0, 65_535),
                WorkerAddress.parseAll(s, "addresses"));
    }

    /** The settings of the i-th worker (0-based) of this pool. */
    public SyncWorkerConfig worker(int index) {
        return new SyncWorkerConfig("sync-" + (index + 1), host, basePort == 0 ? 0 : basePort + index, threads);
    }

    /** A copy with another size. */
    public SyncPoolConfig withSize(int newWorkers, int newThreads) {
        return new SyncPoolConfig(newWorkers, newThreads, host, basePort, addresses);
    }
}
