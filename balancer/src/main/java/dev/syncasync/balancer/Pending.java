package dev.syncasync.balancer;

import dev.syncasync.work.WorkRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * A client request from arrival to its last byte: waiting, then dispatched, then answered. Its
 * mutable fields are guarded by the {@link Dispatcher}'s monitor (the FIFO gate).
 */
final class Pending {

    final long id;
    /** The Vert.x request ({@code vertx} data plane); null on the Netty data plane. */
    final HttpServerRequest request;
    /** Where the balancer's own answers go, on either data plane. */
    final ClientExchange client;
    final String method;
    final String uri;
    /** The body read before dispatch (Vert.x data plane; the Netty one keeps its own). */
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
        this(id, request, new VertxExchange(request), request.method().name(), request.uri(), body, arrivalNanos,
                arrivalUs);
    }

    Pending(long id, HttpServerRequest request, ClientExchange client, String method, String uri, Buffer body,
            long arrivalNanos, long arrivalUs) {
        this.id = id;
        this.arrivalNanos = arrivalNanos;
        this.arrivalUs = arrivalUs;
        this.request = request;
        this.client = client;
        this.method = method;
        this.uri = uri;
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
        return method.equals("GET");
    }

    /** A worker's {@code X-Pool-Wait-Ms}, for the timeline; NaN when absent or not a number. */
    static double poolWaitMs(String header) {
        if (header == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(header);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
