package dev.syncasync.balancer;

import io.vertx.core.http.HttpClientRequest;

/**
 * One try of a request at one worker, from its dispatch until it is settled: answered, failed,
 * timed out, or given up because its worker was ejected while silent. Exactly one of those
 * settles it; the callbacks of the others find it settled and do nothing, so a late answer
 * from a worker that was given up on is never written to the client. Settled under the
 * dispatcher's monitor.
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
    /** The Netty data plane's response timer (on the request's loop). */
    io.netty.util.concurrent.ScheduledFuture<?> timer;
    /** The Netty data plane's way to stop the exchange at the worker: close its HTTP/1.1 connection or reset its h2c stream. */
    Runnable reset;
    /** The worker's status, once its response began (Netty data plane). */
    int status;
    private boolean settled;

    Attempt(Pending pending, Backend backend, int slot) {
        this.pending = pending;
        this.backend = backend;
        this.slot = slot;
    }

    synchronized boolean settled() {
        return settled;
    }

    /** Marks it settled; false when something else settled it first. */
    synchronized boolean settle() {
        if (settled) {
            return false;
        }
        settled = true;
        return true;
    }
}
