package dev.syncasync.balancer;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The balancer's health, as platforms probe it, on both ports: {@code /health/live} is 200
 * {@code {"status":"UP"}} while its event loop answers (restart it when not);
 * {@code /health/ready} (and {@code /health}) is 200 {@code UP} when the active pool has a ready
 * worker and no shutdown has begun, else 503 {@code DOWN} (send it no traffic). Reads the live
 * state through the dispatcher's monitor.
 */
final class BalancerHealth {

    private final Dispatcher dispatcher;

    BalancerHealth(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Answers {@code GET /health}, {@code /health/live} or {@code /health/ready}; false for any other path. */
    boolean answer(HttpServerRequest request) {
        Answer answer = answer(request.path());
        if (answer == null) {
            return false;
        }
        Http.json(request, answer.status(), answer.body());
        return true;
    }

    /** A status and its JSON body. */
    record Answer(int status, JsonObject body) {
    }

    /** The answer to {@code GET path} (the Netty data plane writes it itself); null for any other path. */
    Answer answer(String path) {
        return switch (path) {
            case "/health/live" -> new Answer(200, new JsonObject().put("status", "UP"));
            case "/health", "/health/ready" -> ready();
            default -> null;
        };
    }

    private Answer ready() {
        long ready = dispatcher.readyWorkers(dispatcher.topology());
        boolean up = ready > 0 && !dispatcher.closing();
        JsonObject body = new JsonObject()
                .put("status", up ? "UP" : "DOWN")
                .put("topology", dispatcher.topology().label())
                .put("readyWorkers", ready);
        if (dispatcher.closing()) {
            body.put("reason", "shutting down");
        } else if (ready == 0) {
            body.put("reason", "no ready worker in the " + dispatcher.topology().label() + " pool");
        }
        return new Answer(up ? 200 : 503, body);
    }
}
