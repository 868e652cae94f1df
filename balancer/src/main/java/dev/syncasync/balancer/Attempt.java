package dev.syncasync.balancer;

import io.vertx.core.http.HttpClientRequest;

/**
 * One try of a request at one worker, from its dispatch until it is settled: answered, failed,
 * timed out, or given up because its worker was ejected while silent. Exactly one of those
 * settles it; the callbacks of the others find it settled and do nothing, so a late answer
 * from a worker that was given up on is never written to the client. Confined to the
 * balancer's event loop.
 */
final class Attempt {

    final Pending pending;
    final Backend backend;
    /** The worker slot it holds (a thread of a sync worker), for the timeline's rows. */
    final int slot;
    /** The request towards the worker, once a connection was obtained; reset when given up on. */
    HttpClientRequest request;
    /** The response timer, cancelled when the attempt settles. */
    long timerId = -1;
    private boolean settled;

    Attempt(Pending pending, Backend backend, int slot) {
        this.pending = pending;
        this.backend = backend;
        this.slot = slot;
    }

    boolean settled() {
        return settled;
    }

    /** Marks it settled; false when something else settled it first. */
    boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }
}
