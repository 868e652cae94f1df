package dev.syncasync.balancer;

import dev.syncasync.work.LabHeaders;
import dev.syncasync.work.Millis;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a dispatched request to its worker over a pooled keep-alive connection and copies
 * the answer back. Retry rules: a connection the worker refused carried nothing, so the
 * request goes to another worker; a request already sent is retried once, and only if it
 * is a GET (safe to repeat).
 */
final class Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    /** Hop-by-hop headers (RFC 9110 section 7.6.1) belong to one connection and are not forwarded. */
    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");

    /** A worker answers within io + cpu (at most 120 s); silence beyond that means it hung. */
    private static final long WORKER_IDLE_TIMEOUT_MS = 150_000;

    private final HttpClientAgent client;
    private final Dispatcher dispatcher;
    private final Responder responder;

    Forwarder(HttpClientAgent client, Dispatcher dispatcher, Responder responder) {
        this.client = client;
        this.dispatcher = dispatcher;
        this.responder = responder;
    }

    void forward(Pending p, Backend backend) {
        dispatcher.dispatched(p, backend);
        RequestOptions options = new RequestOptions()
                .setMethod(p.request.method())
                .setHost(backend.info.host())
                .setPort(backend.info.port())
                .setURI(p.request.uri())
                .setIdleTimeout(WORKER_IDLE_TIMEOUT_MS);
        client.request(options).onComplete(ar -> {
            if (ar.failed()) {
                notSent(p, ar.cause());
            } else {
                send(p, ar.result());
            }
        });
    }

    private void send(Pending p, HttpClientRequest request) {
        copyHeaders(p.request.headers(), request.headers());
        request.putHeader("X-Forwarded-For", String.valueOf(p.request.remoteAddress().hostAddress()));
        request.putHeader(LabHeaders.REQUEST_ID, Long.toString(p.id));
        request.send(p.body).onComplete(ar -> {
            if (ar.failed()) {
                sentAndFailed(p, ar.cause());
                return;
            }
            HttpClientResponse response = ar.result();
            p.responseStartUs = Millis.nowMicros();
            response.body().onComplete(body -> {
                if (body.failed()) {
                    sentAndFailed(p, body.cause());
                } else {
                    deliver(p, response, body.result());
                }
            });
        });
    }

    private void deliver(Pending p, HttpClientResponse from, Buffer body) {
        HttpServerResponse to = p.request.response();
        if (to.closed() || p.finished) {
            responder.gone(p);
        } else {
            to.setStatusCode(from.statusCode());
            copyHeaders(from.headers(), to.headers());
            to.putHeader(LabHeaders.WORKER_ID, p.backend.id())
                    .putHeader(LabHeaders.QUEUE_MS, Millis.format(p.queueMs()))
                    .putHeader(LabHeaders.REQUEST_ID, Long.toString(p.id))
                    .end(body);
            responder.record(p, from.statusCode());
        }
        dispatcher.released(p, true);
    }

    /** Nothing reached the worker (refused, unreachable): another worker may take it safely. */
    private void notSent(Pending p, Throwable cause) {
        Backend backend = p.backend;
        backend.failed();
        dispatcher.eject(backend, "could not connect to " + backend.info.address() + " (" + cause.getMessage() + ")");
        LOG.atDebug().log(() -> "request " + p.id + " not sent to " + backend.id() + "; trying another worker");
        retryElsewhere(p);
    }

    private void sentAndFailed(Pending p, Throwable cause) {
        Backend backend = p.backend;
        backend.failed();
        if (p.isGet() && !p.resent && !p.finished) {
            p.resent = true;
            LOG.atWarn().log(() -> "worker " + backend.id() + " failed GET " + p.id + " after it was sent ("
                    + cause.getMessage() + "); retrying it once on another worker");
            retryElsewhere(p);
        } else {
            LOG.atWarn().log(() -> "worker " + backend.id() + " failed request " + p.id + ": " + cause.getMessage());
            responder.fail(p, 502, "worker " + backend.id() + " failed: " + cause.getMessage());
            dispatcher.released(p, false);
        }
    }

    private void retryElsewhere(Pending p) {
        p.triedAndFailed(p.backend);
        if (p.finished) {
            dispatcher.released(p, false);
            return;
        }
        // Back to the head of the queue before the slot is freed, so it keeps its place in line.
        dispatcher.requeue(p);
        dispatcher.released(p, false);
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        to.addAll(from);
        // Vert.x header maps match names case-insensitively, so this costs no lower-casing.
        for (String name : HOP_BY_HOP) {
            to.remove(name);
        }
    }
}
