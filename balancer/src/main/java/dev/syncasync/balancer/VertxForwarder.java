package dev.syncasync.balancer;

import dev.syncasync.work.LabHeaders;
import dev.syncasync.work.Millis;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code vertx} data plane's way to a worker: sends a dispatched request over Vert.x's
 * pooled keep-alive HTTP client and copies the answer back, all on the balancer's one loop. Each try is an {@link Attempt}, settled exactly once. What happens when a
 * try goes wrong:
 * <ul>
 *   <li>nothing was sent (no connection): another worker may take it safely; a refused
 *       connection ejects the worker at once (nothing listens there), a connect timeout counts
 *       as one failure (one slow connect is not a dead worker);</li>
 *   <li>sent, then the connection failed, or no answer came within the request's own
 *       {@code io + cpu} plus {@code response-timeout-ms}, or the worker was ejected while
 *       silent: a GET is retried once on another worker (safe to repeat); anything else, or a
 *       GET with no other worker, gets a 504 for a timeout or ejection, a 502 for a failure.</li>
 * </ul>
 */
final class VertxForwarder implements Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(VertxForwarder.class);

    /** Hop-by-hop headers (RFC 9110 section 7.6.1) belong to one connection and are not forwarded. */
    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Dispatcher dispatcher;
    private final Ejection ejection;
    private final Responder responder;
    private final int responseTimeoutMs;

    VertxForwarder(Vertx vertx, HttpClientAgent client, Dispatcher dispatcher, Ejection ejection, Responder responder,
              int responseTimeoutMs) {
        this.vertx = vertx;
        this.client = client;
        this.dispatcher = dispatcher;
        this.ejection = ejection;
        this.responder = responder;
        this.responseTimeoutMs = responseTimeoutMs;
    }

    @Override
    public void forward(Pending p, Backend backend) {
        Attempt attempt = dispatcher.dispatched(p, backend);
        long deadlineMs = deadlineMs(p);
        attempt.timerId = vertx.setTimer(deadlineMs, id -> timedOut(attempt, deadlineMs));
        RequestOptions options = new RequestOptions()
                .setMethod(p.request.method())
                .setHost(backend.info.host())
                .setPort(backend.info.port())
                .setURI(p.request.uri());
        client.request(options).onComplete(ar -> {
            if (attempt.settled()) {
                if (ar.succeeded()) {
                    ar.result().reset();
                }
            } else if (ar.failed()) {
                notSent(attempt, ar.cause());
            } else {
                send(attempt, ar.result());
            }
        });
    }

    /** The longest a worker may take: the work the request asks for, plus {@code response-timeout-ms}. */
    private long deadlineMs(Pending p) {
        long work = p.work == null ? 0 : (long) p.work.ioMs() + p.work.dbMs() + p.work.cpuMs();
        return work + responseTimeoutMs;
    }

    private void send(Attempt attempt, HttpClientRequest request) {
        Pending p = attempt.pending;
        attempt.request = request;
        copyHeaders(p.request.headers(), request.headers());
        request.putHeader("X-Forwarded-For", Http.forwardedFor(p.request.headers().getAll("X-Forwarded-For"),
                String.valueOf(p.request.remoteAddress().hostAddress())));
        request.putHeader(LabHeaders.REQUEST_ID, Long.toString(p.id));
        request.send(p.body).onComplete(ar -> {
            if (attempt.settled()) {
                return;
            }
            if (ar.failed()) {
                sentAndFailed(attempt, ar.cause());
                return;
            }
            HttpClientResponse response = ar.result();
            attempt.backend.answered();
            p.responseStartUs = Millis.nowMicros();
            response.body().onComplete(body -> {
                if (attempt.settled()) {
                    return;
                }
                if (body.failed()) {
                    sentAndFailed(attempt, body.cause());
                } else {
                    deliver(attempt, response, body.result());
                }
            });
        });
    }

    private void deliver(Attempt attempt, HttpClientResponse from, Buffer body) {
        settle(attempt);
        Pending p = attempt.pending;
        HttpServerResponse to = p.request.response();
        if (to.closed() || p.finished) {
            responder.gone(p);
        } else {
            to.setStatusCode(from.statusCode());
            copyHeaders(from.headers(), to.headers());
            p.poolWaitMs = Pending.poolWaitMs(from.getHeader(LabHeaders.POOL_WAIT_MS));
            to.putHeader(LabHeaders.WORKER_ID, attempt.backend.id())
                    .putHeader(LabHeaders.QUEUE_MS, Millis.format(p.queueMs()))
                    .putHeader(LabHeaders.REQUEST_ID, Long.toString(p.id))
                    .end(body);
            responder.record(p, from.statusCode());
        }
        dispatcher.released(attempt, true);
    }

    /** Nothing reached the worker (refused, unreachable, connect timeout): another worker may take it safely. */
    private void notSent(Attempt attempt, Throwable cause) {
        settle(attempt);
        Backend backend = attempt.backend;
        String reason = "could not connect to " + backend.info.address() + " (" + cause.getMessage() + ")";
        if (cause instanceof ConnectException && !(cause instanceof ConnectTimeoutException)) {
            // Refused: nothing listens there. Dead, not slow: out at once, whatever the pool's share.
            backend.failed();
            ejection.eject(backend, reason, true);
        } else {
            ejection.failed(backend, reason);
        }
        LOG.atDebug().log(() -> "request " + attempt.pending.id + " not sent to " + backend.id()
                + "; trying another worker");
        retryElsewhere(attempt);
    }

    private void sentAndFailed(Attempt attempt, Throwable cause) {
        settle(attempt);
        ejection.failed(attempt.backend, "request " + attempt.pending.id + " failed: " + cause.getMessage());
        giveUp(attempt, 502, "failed", "worker " + attempt.backend.id() + " failed: " + cause.getMessage());
    }

    private void timedOut(Attempt attempt, long deadlineMs) {
        attempt.timerId = -1;
        if (attempt.settled()) {
            return;
        }
        settle(attempt);
        Backend backend = attempt.backend;
        String message = "worker " + backend.id() + " did not answer within " + deadlineMs
                + " ms (the request's io + cpu + balancer.response-timeout-ms)";
        ejection.failed(backend, "request " + attempt.pending.id + " timed out");
        giveUp(attempt, 504, "response-timeout", message);
    }

    /** The worker was ejected while silent: stop waiting for it. */
    @Override
    public void abandon(Attempt attempt) {
        if (attempt.settled()) {
            return;
        }
        settle(attempt);
        giveUp(attempt, 504, "worker-ejected", "worker " + attempt.backend.id()
                + " was ejected (no answer to anything, health checks failing) while serving the request");
    }

    /**
     * After the request may have reached the worker: a GET is retried once on another worker,
     * anything else (or a GET already retried, or with no other ready worker) gets {@code status}.
     */
    private void giveUp(Attempt attempt, int status, String reason, String message) {
        Pending p = attempt.pending;
        if (attempt.request != null) {
            // Drop the connection: a late answer must not arrive on a pooled connection the next request reuses.
            attempt.request.reset();
        }
        if (p.isGet() && !p.resent && !p.finished && dispatcher.hasAnotherReady(p, attempt.backend)) {
            p.resent = true;
            LOG.atWarn().log(() -> message + "; retrying GET " + p.id + " once on another worker (" + reason + ")");
            retryElsewhere(attempt);
            return;
        }
        LOG.atWarn().log(() -> message + "; request " + p.id + " gets " + status);
        if (status == 504) {
            responder.gatewayTimeout(p, reason, message);
        } else {
            responder.fail(p, status, message);
        }
        dispatcher.released(attempt, false);
    }

    /** Marks the attempt settled and cancels its response timer. */
    private void settle(Attempt attempt) {
        attempt.settle();
        vertx.cancelTimer(attempt.timerId);
        attempt.timerId = -1;
    }

    private void retryElsewhere(Attempt attempt) {
        Pending p = attempt.pending;
        p.triedAndFailed(attempt.backend);
        if (p.finished) {
            dispatcher.released(attempt, false);
            return;
        }
        // Back to the head of the queue before the slot is freed, so it keeps its place in line.
        dispatcher.requeue(p);
        dispatcher.released(attempt, false);
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        to.addAll(from);
        // Vert.x header maps match names case-insensitively, so this costs no lower-casing.
        for (String name : HOP_BY_HOP) {
            to.remove(name);
        }
    }
}
