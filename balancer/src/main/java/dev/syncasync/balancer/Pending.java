package dev.syncasync.balancer;

import dev.syncasync.work.WorkRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/** A client request from arrival to its last byte: waiting, then dispatched, then answered. */
final class Pending {

    final long id;
    final HttpServerRequest request;
    final Buffer body;
    final long arrivalNanos;
    final long arrivalUs;
    /** Workers that failed this request; it is not sent to them again. Null until one does. */
    private List<Backend> tried;

    long timerId = -1;
    boolean queued;
    /** Answered, expired or abandoned by its client: nothing more may be written. */
    boolean finished;
    int attempts;
    /** Already retried once after a send failed: never again. */
    boolean resent;
    long dispatchNanos;
    long dispatchUs;
    long responseStartUs;
    /** Milliseconds the worker's request waited for a database connection ({@code X-Pool-Wait-Ms}); NaN when none. */
    double poolWaitMs = Double.NaN;
    Backend backend;
    int slot = -1;
    /** What a {@code /work} request asks for; null for other paths. */
    WorkRequest work;

    Pending(long id, HttpServerRequest request, Buffer body, long arrivalNanos, long arrivalUs) {
        this.id = id;
        this.arrivalNanos = arrivalNanos;
        this.arrivalUs = arrivalUs;
        this.request = request;
        this.body = body;
    }

    /** Milliseconds between arrival and the (last) dispatch; up to now if still waiting. */
    double queueMs() {
        long end = dispatchNanos != 0 ? dispatchNanos : System.nanoTime();
        return (end - arrivalNanos) / 1_000_000.0;
    }

    void triedAndFailed(Backend backend) {
        if (tried == null) {
            tried = new ArrayList<>(2);
        }
        tried.add(backend);
    }

    boolean triedOn(Backend backend) {
        return tried != null && tried.contains(backend);
    }

    boolean triedAny() {
        return tried != null;
    }

    boolean isGet() {
        return request.method().name().equals("GET");
    }
}
