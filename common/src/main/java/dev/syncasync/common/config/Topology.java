package dev.syncasync.common.config;

import java.util.Locale;
import java.util.Map;

/** Which pool the balancer routes to: blocking workers or event-loop workers. */
public enum Topology {
    SYNC, ASYNC;

    /** Parse table for config files: the lower-case names. */
    public static final Map<String, Topology> BY_NAME = Map.of("sync", SYNC, "async", ASYNC);

    /** The lower-case name used in config files, JSON and worker ids. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
