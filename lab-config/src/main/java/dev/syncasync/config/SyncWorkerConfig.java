package dev.syncasync.config;

/**
 * One sync worker: an Undertow server with a fixed pool of {@code threads} blocking threads.
 *
 * @param id      the id it reports in every response ({@code X-Worker-Id})
 * @param host    address to bind
 * @param port    port to bind; 0 = any free port
 * @param threads blocking threads, so at most this many requests are served at once
 */
public record SyncWorkerConfig(String id, String host, int port, int threads) {

    public SyncWorkerConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** A copy with another id and port, for a worker started on the command line. */
    public SyncWorkerConfig with(String newId, int newPort) {
        return new SyncWorkerConfig(newId, host, newPort, threads);
    }
}
