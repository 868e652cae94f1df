package dev.syncasync.config;

import java.util.List;

/**
 * The {@code registry:} section: the Hazelcast cluster that holds the worker registry and
 * the active topology. The balancer runs the Hazelcast member; workers started apart join
 * it as clients.
 *
 * @param enabled       false = no Hazelcast; a standalone balancer uses the static addresses
 * @param clusterName   Hazelcast cluster name; a worker with another name is refused
 * @param host          interface the balancer's member binds (keep it internal)
 * @param port          member port; 0 = any free port
 * @param members       where workers find the registry ({@code host:port})
 * @param allow         address ranges (CIDR) a worker may register from; others are refused
 * @param ttlMs         a registry entry not refreshed for this long disappears
 * @param refreshMs     how often a worker refreshes its entry
 * @param joinTimeoutMs how long a worker tries to reach the registry before it gives up
 */
public record RegistryConfig(boolean enabled, String clusterName, String host, int port, List<String> members,
                             List<String> allow, int ttlMs, int refreshMs, int joinTimeoutMs) {

    /** Loopback, and the private ranges Docker gives compose networks. */
    public static final List<String> DEFAULT_ALLOW = List.of("127.0.0.0/8", "::1/128", "172.16.0.0/12",
            "192.168.0.0/16");

    public RegistryConfig {
        members = List.copyOf(members);
        allow = List.copyOf(allow);
    }

    public static RegistryConfig defaults() {
        return new RegistryConfig(true, "sync-async-lab", "127.0.0.1", 5701, List.of("127.0.0.1:5701"),
                DEFAULT_ALLOW, 10_000, 2_000, 30_000);
    }

    static RegistryConfig read(Section s) {
        RegistryConfig d = defaults();
        List<String> members = s.strings("members");
        for (String member : members) {
            if (WorkerAddress.parse(member) == null && !member.matches("[A-Za-z0-9.-]+")) {
                throw s.error("members", "items must be host or host:port, got '" + member + "'");
            }
        }
        List<String> allow = s.strings("allow");
        for (String range : allow) {
            if (Cidr.parse(range) == null) {
                throw s.error("allow", "items must be address ranges like 127.0.0.0/8, got '" + range + "'");
            }
        }
        RegistryConfig c = new RegistryConfig(
                s.bool("enabled", d.enabled),
                s.string("cluster-name", d.clusterName),
                s.string("host", d.host),
                s.integer("port", d.port, 0, 65_535),
                members.isEmpty() ? d.members : members,
                allow.isEmpty() && !s.has("allow") ? d.allow : allow,
                s.integer("ttl-ms", d.ttlMs, 1_000, 600_000),
                s.integer("refresh-ms", d.refreshMs, 100, 600_000),
                s.integer("join-timeout-ms", d.joinTimeoutMs, 1_000, 600_000));
        if (c.refreshMs * 2 > c.ttlMs) {
            throw s.error("refresh-ms", "must be at most half of registry.ttl-ms (" + c.ttlMs
                    + "), so one lost refresh does not drop a live worker");
        }
        if (c.clusterName.isBlank()) {
            throw s.error("cluster-name", "must not be empty");
        }
        return c;
    }

    /** A copy on a free member port, reached at that port on loopback: for tests. */
    public RegistryConfig withEphemeralPort() {
        return new RegistryConfig(enabled, clusterName, host, 0, members, allow, ttlMs, refreshMs, joinTimeoutMs);
    }

    /** A copy whose workers find the registry at {@code newMembers}. */
    public RegistryConfig withMembers(List<String> newMembers) {
        return new RegistryConfig(enabled, clusterName, host, port, newMembers, allow, ttlMs, refreshMs,
                joinTimeoutMs);
    }

    /** A copy with other timings. */
    public RegistryConfig withTimings(int newTtlMs, int newRefreshMs, int newJoinTimeoutMs) {
        return new RegistryConfig(enabled, clusterName, host, port, members, allow, newTtlMs, newRefreshMs,
                newJoinTimeoutMs);
    }

    /** A copy with another allow-list. */
    public RegistryConfig withAllow(List<String> newAllow) {
        return new RegistryConfig(enabled, clusterName, host, port, members, newAllow, ttlMs, refreshMs,
                joinTimeoutMs);
    }

    /** A copy with the registry switched on or off. */
    public RegistryConfig withEnabled(boolean on) {
        return new RegistryConfig(on, clusterName, host, port, members, allow, ttlMs, refreshMs, joinTimeoutMs);
    }

    /** A copy with another cluster name. */
    public RegistryConfig withClusterName(String name) {
        return new RegistryConfig(enabled, name, host, port, members, allow, ttlMs, refreshMs, joinTimeoutMs);
    }
}
