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
 */
public record WorkerInfo(String id, Topology kind, String host, int port, int capacity) {

    /** The registry entry of a running worker. */
    public static WorkerInfo of(WorkerServer server) {
        return new WorkerInfo(server.id(), server.kind(), server.host(), server.port(), server.capacity());
    }

    /** {@code host:port}, with brackets for IPv6. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
