package dev.syncasync.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which pool the balancer routes to: blocking workers on a fixed pool of threads, event-loop
 * workers, or the same blocking workers with each request on a new virtual thread.
 */
public enum Topology {
    SYNC, ASYNC, VIRTUAL;

    /**
     * Parse table for config files: the lower-case names, in declaration order, so an error
     * message lists the choices the same way every run ({@code Map.of} order changes per JVM).
     */
    public static final Map<String, Topology> BY_NAME = byName();

    private static Map<String, Topology> byName() {
        Map<String, Topology> byName = new LinkedHashMap<>();
        for (Topology t : values()) {
            byName.put(t.label(), t);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** The lower-case name used in config files, JSON and worker ids. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
