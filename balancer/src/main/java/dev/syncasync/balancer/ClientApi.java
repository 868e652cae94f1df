package dev.syncasync.balancer;

import dev.syncasync.work.BadParameterException;
import dev.syncasync.work.Millis;
import dev.syncasync.work.QueryString;
import dev.syncasync.work.WorkRequest;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
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
    private final BalancerHealth health;
    private long nextId;

    ClientApi(Dispatcher dispatcher, Responder responder) {
        this.dispatcher = dispatcher;
        this.responder = responder;
        this.health = new BalancerHealth(dispatcher);
    }

    @Override
    public void handle(HttpServerRequest request) {
        long arrivalNanos = System.nanoTime();
        long arrivalUs = Millis.nowMicros();
        if (request.method() == HttpMethod.GET && request.path().startsWith("/health") && health.answer(request)) {
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && (!length.matches("\\d{1,12}") || Long.parseLong(length) > MAX_BODY_BYTES)) {
            Http.json(request, 413, new JsonObject().put("error", "request bodies are limited to "
                    + MAX_BODY_BYTES + " bytes"));
            return;
        }
        long id = ++nextId;
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
            if (tooLarge[0]) {
                Http.json(request, 413, new JsonObject().put("error", "request bodies are limited to "
                        + MAX_BODY_BYTES + " bytes"));
                return;
            }
            Pending p = new Pending(id, request, body, arrivalNanos, arrivalUs);
            if (checked(p)) {
                dispatcher.submit(p);
            }
        });
    }

    /**
     * Refuses what a worker would refuse, so the client learns it now rather than after its
     * turn in the queue: a {@code /work} query that breaks the contract (then {@code p.work} is
     * what it asks for), or a path whose percent-escapes do not decode.
     *
     * @return true when {@code p} may go on to a worker
     */
    private boolean checked(Pending p) {
        String path = p.request.path();
        if (path.equals("/work")) {
            try {
                p.work = WorkRequest.parse(QueryString.parse(p.request.query()));
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
