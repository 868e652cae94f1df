package dev.syncasync.registry;

import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import java.util.Locale;

/**
 * A worker's registry entry. Stored as a record of strings and numbers so Hazelcast's
 * compact serialization handles it with no schema to declare, and any member or client
 * reads it.
 *
 * @param id       unique worker id
 * @param kind     {@code sync}, {@code async} or {@code virtual}
 * @param host     the address the balancer should connect to
 * @param port     its HTTP port
 * @param capacity requests it serves at once ({@link Integer#MAX_VALUE} = no limit)
 * @param state    {@code ready} or {@code draining}, as the worker sees itself
 * @param h2cPort  its h2c-only listener, or 0 when its HTTP port serves h2c ({@link WorkerInfo#h2cPort()})
 */
public record WorkerEntry(String id, String kind, String host, int port, int capacity, String state, int h2cPort) {

    /** An entry without an h2c listener of its own. */
    public WorkerEntry(String id, String kind, String host, int port, int capacity, String state) {
        this(id, kind, host, port, capacity, state, 0);
    }

    public static final String READY = "ready";
    public static final String DRAINING = "draining";

    public static WorkerEntry of(WorkerInfo info, String state) {
        return new WorkerEntry(info.id(), info.kind().label(), info.host(), info.port(), info.capacity(), state,
                info.h2cPort());
    }

    /** The entry as the balancer's {@link WorkerInfo}; an unknown kind is an error for the caller to log. */
    public WorkerInfo info() {
        Topology topology = Topology.BY_NAME.get(kind.toLowerCase(Locale.ROOT));
        if (topology == null) {
            throw new IllegalArgumentException("unknown worker kind '" + kind + "'");
        }
        return new WorkerInfo(id, topology, host, port, capacity, h2cPort);
    }

    public boolean draining() {
        return DRAINING.equals(state);
    }
}
