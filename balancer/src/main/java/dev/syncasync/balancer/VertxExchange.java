package dev.syncasync.balancer;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** A request read by Vert.x's HTTP server (the {@code vertx} data plane); confined to its event loop. */
record VertxExchange(HttpServerRequest request) implements ClientExchange {

    @Override
    public boolean answerable() {
        HttpServerResponse response = request.response();
        return !response.ended() && !response.closed();
    }

    @Override
    public void answer(int status, String contentType, String body, String[] headers, boolean close) {
        HttpServerResponse response = request.response();
        response.setStatusCode(status).putHeader("Content-Type", contentType);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.putHeader(headers[i], headers[i + 1]);
        }
        if (close) {
            response.putHeader("Connection", "close");
            response.endHandler(v -> request.connection().close());
        }
        response.end(body);
    }

    @Override
    public void onClose(Runnable action) {
        request.response().closeHandler(v -> action.run());
    }
}
