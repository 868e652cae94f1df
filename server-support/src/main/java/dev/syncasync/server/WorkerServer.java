package dev.syncasync.server;

import dev.syncasync.config.Topology;
import java.time.Duration;

/**
 * A running worker of either kind, as the launcher and the tests see it.
 *
 * <p>Lifecycle: started (ready, {@code /health} 200) then {@link #drain()} ({@code /health}
 * 503, in-flight requests finish) then {@link #close()} (stopped).
 */
public interface WorkerServer extends AutoCloseable {

    /** Capacity of a worker that takes any number of requests at once (async). */
    int UNLIMITED = Integer.MAX_VALUE;

    String id();

    Topology kind();

    /** The address it is bound to (as configured, for example 127.0.0.1). */
    String host();

    /** The actual port, also when it was configured as 0. */
    int port();

    /**
     * The port of a listener that serves only h2c (HTTP/2 with prior knowledge) for a balancer
     * that multiplexes its requests, or 0 when the HTTP port is the one to use for h2c too. The
     * async worker has one: Vert.x's HTTP/2 server keeps a 4 KiB queue per stream, which is
     * most of what a waiting request costs it.
     */
    default int h2cPort() {
        return 0;
    }

    /** How many requests it serves at once: its threads (sync) or {@link #UNLIMITED} (async). */
    int capacity();

    /** Requests being served now. */
    int inFlight();

    /** Starts refusing health checks so a balancer stops routing here; in-flight requests go on. */
    void drain();

    /** Where it stands with the registry it joined ("registered", "reconnecting"); {@code /health} reports it. */
    void registryStatus(String status);

    /**
     * Drains, waits up to {@code grace} for in-flight requests to finish, then stops.
     *
     * @return true when no request was still in flight when it stopped
     */
    boolean shutdown(Duration grace);

    /** {@link #shutdown(Duration)} with a 30 s grace period. */
    @Override
    default void close() {
        shutdown(Duration.ofSeconds(30));
    }

    /** {@code http://host:port}. */
    default String url() {
        String h = host().contains(":") ? "[" + host() + "]" : host();
        return "http://" + h + ":" + port();
    }
}
