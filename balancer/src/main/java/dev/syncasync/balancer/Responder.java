package dev.syncasync.balancer;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.work.LabHeaders;
import dev.syncasync.work.Millis;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * The one place a request ends: every answer the balancer makes itself (503, 502) is
 * written here, and every outcome, proxied or not, is recorded in the timeline and metrics.
 */
final class Responder {

    private final BalancerConfig config;
    private final Timeline timeline;
    private final BalancerMetrics metrics;
    private final Supplier<Topology> activeTopology;

    Responder(BalancerConfig config, Timeline timeline, BalancerMetrics metrics, Supplier<Topology> activeTopology) {
        this.config = config;
        this.timeline = timeline;
        this.metrics = metrics;
        this.activeTopology = activeTopology;
    }

    /** 503 with {@code Retry-After}: overload or no worker, the client may come back. */
    void reject(Pending p, String reason, String message) {
        metrics.rejected(reason);
        HttpServerResponse response = p.request.response();
        if (!response.ended() && !response.closed()) {
            response.putHeader("Retry-After", Integer.toString(config.retryAfterSeconds()));
        }
        error(p, 503, new JsonObject().put("error", message).put("reason", reason)
                .put("retryAfterSeconds", config.retryAfterSeconds()));
    }

    /** An error without a retry hint, such as 502 when a worker failed mid-request. */
    void fail(Pending p, int status, String message) {
        error(p, status, new JsonObject().put("error", message));
    }

    /** 400 with the work contract's body ({@code {"error": ..., "parameter": ...}}), as a worker would answer. */
    void badRequest(Pending p, String contractJson) {
        error(p, 400, new JsonObject(contractJson));
    }

    /**
     * An error after which the connection cannot be trusted (its framing broke, or its body is
     * left unread): the answer says {@code Connection: close}, and the connection closes once it
     * is written, so nothing the client sent after it is read as a request.
     */
    void failAndClose(Pending p, int status, String message) {
        HttpServerResponse response = p.request.response();
        if (!response.ended() && !response.closed()) {
            response.putHeader("Connection", "close");
            response.endHandler(v -> p.request.connection().close());
        }
        fail(p, status, message);
    }

    /** 504: the worker took the request and did not answer in time (or was ejected meanwhile). */
    void gatewayTimeout(Pending p, String reason, String message) {
        error(p, 504, new JsonObject().put("error", message).put("reason", reason));
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

    private void error(Pending p, int status, JsonObject body) {
        HttpServerResponse response = p.request.response();
        if (!response.ended() && !response.closed()) {
            response.setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .putHeader(LabHeaders.REQUEST_ID, Long.toString(p.id))
                    .putHeader(LabHeaders.QUEUE_MS, Millis.format(p.queueMs()))
                    .end(body.encode() + "\n");
        }
        record(p, status);
    }
}
