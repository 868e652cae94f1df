package dev.syncasync.config;

/**
 * One async worker: a Vert.x server with {@code eventLoops} event loops.
 *
 * @param id         the id it reports in every response ({@code X-Worker-Id})
 * @param host       address to bind
 * @param port       port to bind; 0 = any free port
 * @param eventLoops event loops (and server instances) of this worker
 * @param offload    default for {@code offload}: run {@code cpu} work off the event loop
 */
public record AsyncWorkerConfig(String id, String host, int port, int eventLoops, boolean offload) {

    public AsyncWorkerConfig {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be >= 1, got " + eventLoops);
        }
    }

    /** A copy with another id and port, for a worker started on the command line. */
    public AsyncWorkerConfig with(String newId, int newPort) {
        return new AsyncWorkerConfig(newId, host, newPort, eventLoops, offload);
    }
}
