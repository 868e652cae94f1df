package dev.syncasync.balancer;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.work.LabHeaders;
import dev.syncasync.work.Millis;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * The one place a request ends: every answer the balancer makes itself (503, 502) is
 * written here, and every outcome, proxied or not, is recorded in the timeline and metrics.
 * Called under the {@link Dispatcher}'s monitor (or on the Vert.x data plane's one loop).
 */
final class Responder {

    private final BalancerConfig config;
    private final Timeline timeline;
    private final BalancerMetrics metrics;
    private final Supplier<Topology> activeTopology;
    private final String retryAfter;
    /**
     * The last 503 body, reused while the reason and message stay the same: an overload rejects
     * hundreds of requests in a row with one body, and encoding it anew cost each a JSON generator.
     */
    private volatile Rejection lastRejection;

    Responder(BalancerConfig config, Timeline timeline, BalancerMetrics metrics, Supplier<Topology> activeTopology) {
        this.config = config;
        this.timeline = timeline;
        this.metrics = metrics;
        this.activeTopology = activeTopology;
        this.retryAfter = Integer.toString(config.retryAfterSeconds());
    }

    /** 503 with {@code Retry-After}: overload or no worker, the client may come back. */
    void reject(Pending p, String reason, String message) {
        metrics.rejected(reason);
        Rejection r = lastRejection;
        if (r == null || !r.reason.equals(reason) || !r.message.equals(message)) {
            r = new Rejection(reason, message, new JsonObject().put("error", message).put("reason", reason)
                    .put("retryAfterSeconds", config.retryAfterSeconds()).encode() + "\n");
            lastRejection = r;
        }
        error(p, 503, r.body, false, "Retry-After", retryAfter);
    }

    /** An error without a retry hint, such as 502 when a worker failed mid-request. */
    void fail(Pending p, int status, String message) {
        error(p, status, new JsonObject().put("error", message), false);
    }

    /** 400 with the work contract's body ({@code {"error": ..., "parameter": ...}}), as a worker would answer. */
    void badRequest(Pending p, String contractJson) {
        error(p, 400, new JsonObject(contractJson), false);
    }

    /**
     * An error after which the connection cannot be trusted (its framing broke, or its body is
     * left unread): the answer says {@code Connection: close}, and the connection closes once it
     * is written, so nothing the client sent after it is read as a request.
     */
    void failAndClose(Pending p, int status, String message) {
        error(p, status, new JsonObject().put("error", message), true);
    }

    /** 504: the worker took the request and did not answer in time (or was ejected meanwhile). */
    void gatewayTimeout(Pending p, String reason, String message) {
        error(p, 504, new JsonObject().put("error", message).put("reason", reason), false);
    }

    /** The client hung up before it got an answer. */
    void gone(Pending p) {
        record(p, 499);
    }

    /** Records a request whose response has just been written. */
    void record(Pending p, int status) {
        if (p.finished) {
            return;
        }
        p.finished = true;
        long endUs = Millis.nowMicros();
        Topology topology = p.backend != null ? p.backend.info.kind() : activeTopology.get();
        double queueMs = p.queueMs();
        timeline.add(p, status, topology, endUs, queueMs);
        metrics.finished(status, topology, queueMs, System.nanoTime() - p.arrivalNanos);
    }

    private void error(Pending p, int status, JsonObject body, boolean close, String... extra) {
        error(p, status, p.client.answerable() ? body.encode() + "\n" : "", close, extra);
    }

    private void error(Pending p, int status, String body, boolean close, String... extra) {
        if (p.client.answerable()) {
            String[] headers = new String[4 + extra.length];
            System.arraycopy(extra, 0, headers, 0, extra.length);
            headers[extra.length] = LabHeaders.REQUEST_ID;
            headers[extra.length + 1] = Long.toString(p.id);
            headers[extra.length + 2] = LabHeaders.QUEUE_MS;
            headers[extra.length + 3] = Millis.format(p.queueMs());
            p.client.answer(status, "application/json", body, headers, close);
        }
        record(p, status);
    }

    /** A 503 body and what it was built from. */
    private record Rejection(String reason, String message, String body) {
    }
}
