package dev.syncasync.balancer.live;

import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Where a burst is sent: the balancer's own client port, so its requests take the path every
 * client's take (the queue, the policy, the timeline). A wildcard bind address is reached on
 * loopback.
 */
record BurstTarget(String host, IntSupplier port) {

    private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "::", "[::]");

    BurstTarget {
        host = host == null || WILDCARDS.contains(host) ? "127.0.0.1" : host;
    }
}
