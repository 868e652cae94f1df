package dev.syncasync.asyncworker;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** An {@link Exchange} received by Vert.x's HTTP server (HTTP/1.1, or h2c on the worker's port). */
final class VertxServerExchange implements Exchange {

    private final HttpServerRequest request;

    VertxServerExchange(HttpServerRequest request) {
        this.request = request;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String path() {
        return request.path();
    }

    @Override
    public String query() {
        return request.query();
    }

    @Override
    public Exchange header(String name, String value) {
        request.response().putHeader(name, value);
        return this;
    }

    @Override
    public Future<Void> end(int status, String contentType, String body) {
        return request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
    }
}
