package dev.syncasync.config;

/**
 * One virtual worker: an Undertow server that runs the sync worker's blocking handler with
 * each {@code /work} request on a new virtual thread.
 *
 * @param id            the id it reports in every response ({@code X-Worker-Id})
 * @param host          address to bind
 * @param port          port to bind; 0 = any free port
 * @param maxConcurrent requests served at once; {@link VirtualPoolConfig#UNLIMITED} (0) = no limit
 * @param offloadThreads platform threads that compute {@code offload=true} requests
 */
public record VirtualWorkerConfig(String id, String host, int port, int maxConcurrent, int offloadThreads) {

    public VirtualWorkerConfig {
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("maxConcurrent must be >= 0, got " + maxConcurrent);
        }
        if (offloadThreads < 1) {
            throw new IllegalArgumentException("offloadThreads must be >= 1, got " + offloadThreads);
        }
    }

    /** A worker whose offload pool has one thread per CPU this JVM sees (the default of {@code offload-threads}). */
    public VirtualWorkerConfig(String id, String host, int port, int maxConcurrent) {
        this(id, host, port, maxConcurrent, AsyncPoolConfig.cpus());
    }

    /** Whether the worker caps requests at once. */
    public boolean limited() {
        return maxConcurrent != VirtualPoolConfig.UNLIMITED;
    }

    /** A copy with another id and port, for a worker started on the command line. */
    public VirtualWorkerConfig with(String newId, int newPort) {
        return new VirtualWorkerConfig(newId, host, newPort, maxConcurrent, offloadThreads);
    }

    /** A copy with another cap (0 = none). */
    public VirtualWorkerConfig withMaxConcurrent(int newMaxConcurrent) {
        return new VirtualWorkerConfig(id, host, port, newMaxConcurrent, offloadThreads);
    }
}
