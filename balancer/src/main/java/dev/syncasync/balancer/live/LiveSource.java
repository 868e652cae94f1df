package dev.syncasync.balancer.live;

import io.vertx.core.json.JsonObject;

/**
 * What the live view reads of a running balancer: the very documents its admin API serves, so a
 * rewrite of the balancer's data path keeps the view working as long as those two answers keep
 * their shape. Called only on the balancer's control event loop, where that state lives.
 */
public interface LiveSource {

    /**
     * The body of {@code GET /admin/workers}: {@code topology}, {@code queue.waiting},
     * {@code queue.max}, {@code inFlight} and {@code workers[]} (id, kind, state, active,
     * inFlightLimit, inFlight, served, failures).
     */
    JsonObject workers();

    /**
     * The body of {@code GET /admin/timeline?after=AFTER&limit=LIMIT}: {@code last} (the newest
     * sequence number), {@code switches[]} and the newest {@code limit} finished
     * {@code requests[]} with {@code seq > after}.
     */
    JsonObject timeline(long after, int limit);
}
