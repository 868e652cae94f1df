package dev.syncasync.balancer;

import dev.syncasync.work.Millis;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The client port: {@code GET /health}, {@code /health/live} and {@code /health/ready} are the
 * balancer's own ({@link BalancerHealth}); every other request is read
 * (bodies up to {@value #MAX_BODY_BYTES} bytes, so a retry can resend it) and handed to the
 * {@link Dispatcher}.
 */
final class ClientApi implements Handler<HttpServerRequest> {

    static final int MAX_BODY_BYTES = 1 << 20;

    private final Dispatcher dispatcher;
    private final BalancerHealth health;
    private long nextId;

    ClientApi(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
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
            } else {
                dispatcher.submit(new Pending(id, request, body, arrivalNanos, arrivalUs));
            }
        });
    }
}
