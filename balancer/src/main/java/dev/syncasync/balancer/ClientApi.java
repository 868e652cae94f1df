package dev.syncasync.balancer;

import dev.syncasync.work.BadParameterException;
import dev.syncasync.work.Millis;
import dev.syncasync.work.QueryString;
import dev.syncasync.work.WorkRequest;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The client port: {@code GET /health}, {@code /health/live} and {@code /health/ready} are the
 * balancer's own ({@link BalancerHealth}); every other request is read (bodies up to
 * {@value #MAX_BODY_BYTES} bytes, so a retry can resend it), checked, and handed to the
 * {@link Dispatcher}. Bad input is refused here, before it waits in the queue, with the same
 * JSON 400 whichever pool is active: a {@code /work} query that breaks the work contract (an
 * unknown parameter, a value out of range, a malformed percent-escape) and a path with a
 * malformed percent-escape, which Undertow would refuse with a bare 400.
 */
final class ClientApi implements Handler<HttpServerRequest> {

    static final int MAX_BODY_BYTES = 1 << 20;

    private final Dispatcher dispatcher;
    private final Responder responder;
    private final ClientEdge edge;
    private final BalancerHealth health;
    private long nextId;

    ClientApi(Dispatcher dispatcher, Responder responder, ClientEdge edge) {
        this.dispatcher = dispatcher;
        this.responder = responder;
        this.edge = edge;
        this.health = new BalancerHealth(dispatcher);
    }

    /**
     * Vert.x's handler for a request whose head the decoder refused (framing, header limits):
     * a JSON error in its turn on the connection, which then closes.
     */
    void invalid(HttpServerRequest request) {
        ClientEdge.Refused refused = edge.refused(request.decoderResult().cause());
        Pending p = new Pending(++nextId, request, Buffer.buffer(), System.nanoTime(), Millis.nowMicros());
        responder.failAndClose(p, refused.status(), refused.message());
    }

    @Override
    public void handle(HttpServerRequest request) {
        long arrivalNanos = System.nanoTime();
        long arrivalUs = Millis.nowMicros();
        String length = request.getHeader("Content-Length");
        if (length != null && (!length.matches("\\d{1,12}") || Long.parseLong(length) > MAX_BODY_BYTES)) {
            // The body stays unread, so the connection cannot carry another request.
            responder.failAndClose(new Pending(++nextId, request, Buffer.buffer(), arrivalNanos, arrivalUs), 413,
                    "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        request.handler(chunk -> {
            if (body.length() + chunk.length() <= MAX_BODY_BYTES) {
                body.appendBuffer(chunk);
            } else {
                tooLarge[0] = true;
            }
        });
        request.endHandler(v -> {
            if (!healthAnswered(request)) {
                answer(new Pending(++nextId, request, body, arrivalNanos, arrivalUs), tooLarge[0]);
            }
        });
    }

    /** The balancer's own health routes; they take no request id (the ids number what the timeline records). */
    private boolean healthAnswered(HttpServerRequest request) {
        return request.method() == HttpMethod.GET && request.path().startsWith("/health") && health.answer(request);
    }

    /** The whole request has arrived: the balancer answers it itself, or it goes to the dispatcher. */
    private void answer(Pending p, boolean tooLarge) {
        Throwable broken = ClientEdge.bodyFailure(p.request);
        if (broken != null) {
            responder.failAndClose(p, 400, "the chunked body is malformed (RFC 9112 section 7.1): "
                    + broken.getMessage());
        } else if (tooLarge) {
            responder.fail(p, 413, "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
        } else if (checked(responder, p, p.request.path(), p.request.query())) {
            dispatcher.submit(p);
        }
    }

    /**
     * Refuses what a worker would refuse, so the client learns it now rather than after its
     * turn in the queue: a {@code /work} query that breaks the contract (then {@code p.work} is
     * what it asks for), or a path whose percent-escapes do not decode.
     *
     * @return true when {@code p} may go on to a worker
     */
    static boolean checked(Responder responder, Pending p, String path, String query) {
        if (path.equals("/work")) {
            try {
                p.work = WorkRequest.parse(QueryString.parse(query));
            } catch (BadParameterException e) {
                responder.badRequest(p, e.toJson());
                return false;
            }
        } else if (path.indexOf('%') >= 0) {
            try {
                URLDecoder.decode(path, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                responder.fail(p, 400, "the path " + path + " is not valid percent-encoding: " + e.getMessage());
                return false;
            }
        }
        return true;
    }
}
