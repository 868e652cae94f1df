package dev.syncasync.config;

/**
 * One async worker: a Vert.x server with {@code eventLoops} event loops.
 *
 * @param id             the id it reports in every response ({@code X-Worker-Id})
 * @param host           address to bind
 * @param port           port to bind; 0 = any free port
 * @param eventLoops     event loops (and server instances) of this worker
 * @param offload        default for {@code offload}: run {@code cpu} work off the event loop
 * @param offloadThreads threads of the pool that runs offloaded {@code cpu} work
 * @param h2cPort        port of its h2c listener for the balancer; 0 = any free port
 */
public record AsyncWorkerConfig(String id, String host, int port, int eventLoops, boolean offload, int offloadThreads,
                                int h2cPort) {

    public AsyncWorkerConfig {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be >= 1, got " + eventLoops);
        }
        if (offloadThreads < 1) {
            throw new IllegalArgumentException("offloadThreads must be >= 1, got " + offloadThreads);
        }
    }

    /** A worker whose h2c listener takes any free port. */
    public AsyncWorkerConfig(String id, String host, int port, int eventLoops, boolean offload, int offloadThreads) {
        this(id, host, port, eventLoops, offload, offloadThreads, 0);
    }

    /** A worker whose offload pool has one thread per CPU this JVM sees (the default of {@code offload-threads}). */
    public AsyncWorkerConfig(String id, String host, int port, int eventLoops, boolean offload) {
        this(id, host, port, eventLoops, offload, AsyncPoolConfig.cpus());
    }

    /** A copy with another id and ports, for a worker started on the command line. */
    public AsyncWorkerConfig with(String newId, int newPort, int newH2cPort) {
        return new AsyncWorkerConfig(newId, host, newPort, eventLoops, offload, offloadThreads, newH2cPort);
    }
}
