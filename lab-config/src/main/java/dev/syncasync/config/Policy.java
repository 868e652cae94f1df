package dev.syncasync.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the balancer picks one of the workers that have a free slot. */
public enum Policy {
    ROUND_ROBIN("round-robin"),
    LEAST_IN_FLIGHT("least-in-flight"),
    POWER_OF_TWO_CHOICES("power-of-two-choices");

    /** Parse table for config files, in documentation order. */
    public static final Map<String, Policy> BY_NAME;

    static {
        Map<String, Policy> byName = new LinkedHashMap<>();
        for (Policy p : values()) {
            byName.put(p.label, p);
        }
        BY_NAME = java.util.Collections.unmodifiableMap(byName);
    }

    private final String label;

    Policy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
