package dev.syncasync.config;

/**
 * One virtual worker: an Undertow server that runs the sync worker's blocking handler with
 * each {@code /work} request on a new virtual thread.
 *
 * @param id            the id it reports in every response ({@code X-Worker-Id})
 * @param host          address to bind
 * @param port          port to bind; 0 = any free port
 * @param maxConcurrent requests served at once; {@link VirtualPoolConfig#UNLIMITED} (0) = no limit
 */
public record VirtualWorkerConfig(String id, String host, int port, int maxConcurrent) {

    public VirtualWorkerConfig {
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException("maxConcurrent must be >= 0, got " + maxConcurrent);
        }
    }

    /** Whether the worker caps requests at once. */
    public boolean limited() {
        return maxConcurrent != VirtualPoolConfig.UNLIMITED;
    }

    /** A copy with another id and port, for a worker started on the command line. */
    public VirtualWorkerConfig with(String newId, int newPort) {
        return new VirtualWorkerConfig(newId, host, newPort, maxConcurrent);
    }

    /** A copy with another cap (0 = none). */
    public VirtualWorkerConfig withMaxConcurrent(int newMaxConcurrent) {
        return new VirtualWorkerConfig(id, host, port, newMaxConcurrent);
    }
}
