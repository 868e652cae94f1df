package dev.syncasync.server;

import dev.syncasync.config.Topology;

/**
 * What a balancer needs to know to route to a worker: its registry entry.
 *
 * @param id       unique worker id, such as {@code sync-3}
 * @param kind     the pool it belongs to
 * @param host     address the balancer connects to
 * @param port     its HTTP port
 * @param capacity requests it serves at once ({@link WorkerServer#UNLIMITED} for async)
 * @param h2cPort  the port of its own h2c listener for the balancer's multiplexed requests, or 0
 *                 when its HTTP port serves h2c too (see {@link WorkerServer#h2cPort()})
 */
public record WorkerInfo(String id, Topology kind, String host, int port, int capacity, int h2cPort) {

    /** A worker whose HTTP port also serves h2c (a static address without {@code ;h2c=}). */
    public WorkerInfo(String id, Topology kind, String host, int port, int capacity) {
        this(id, kind, host, port, capacity, 0);
    }

    /** The registry entry of a running worker. */
    public static WorkerInfo of(WorkerServer server) {
        return new WorkerInfo(server.id(), server.kind(), server.host(), server.port(), server.capacity(),
                server.h2cPort());
    }

    /** The port h2c requests go to: the h2c listener's, or the HTTP port when it has none. */
    public int h2cTarget() {
        return h2cPort > 0 ? h2cPort : port;
    }

    /** {@code host:port} of {@link #h2cTarget()}, with brackets for IPv6. */
    public String h2cAddress() {
        return hostPort(h2cTarget());
    }

    /** {@code host:port}, with brackets for IPv6. */
    public String address() {
        return hostPort(port);
    }

    private String hostPort(int p) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + p;
    }
}
