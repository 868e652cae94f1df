package dev.syncasync.balancer;

import java.util.Locale;

/** Where a worker stands in the balancer's eyes; only READY workers get new requests. */
enum BackendState {
    /** Registered, waiting for its first successful health check. */
    JOINING,
    /** Takes requests. */
    READY,
    /** Finishing what it has; gets nothing new. */
    DRAINING,
    /** Failed health checks or refused connections; gets nothing until it recovers. */
    EJECTED;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
