package dev.syncasync.balancer.live;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The live view's JSON answers and the headers every one of its responses carries. */
final class LiveHttp {

    /**
     * The page runs only what this port serves: no inline script, no other origin, no framing.
     * The admin token is pasted into it, so nothing else may run beside it.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private LiveHttp() {
    }

    static HttpServerResponse secured(HttpServerResponse response) {
        return response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
    }

    static void json(HttpServerRequest request, int status, JsonObject body) {
        secured(request.response()).setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body.encodePrettily() + "\n");
    }

    /** 400 naming the parameter, as the work contract and the admin API answer bad input. */
    static void badParameter(HttpServerRequest request, String parameter, String message) {
        json(request, 400, new JsonObject().put("error", message).put("parameter", parameter));
    }
}
