package dev.syncasync.asyncworker;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP server instance, on the event loop Vert.x gives this verticle. Instances of one
 * Vertx that listen on the same port share it, and Vert.x hands each new connection to the
 * next instance, so {@code n} instances keep {@code n} event loops busy.
 */
final class HttpVerticle extends VerticleBase {

    /** The longest request line and header block accepted: more than the balancer forwards at most. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Concurrent h2c streams per connection: a burst of 10,000 on one connection is never held back. */
    static final long MAX_STREAMS = 100_000;

    private final AsyncRoutes routes;
    private final String host;
    private final int port;
    private final AtomicInteger boundPort;

    /**
     * @param port      the port to listen on; a negative one is a random port that every
     *                  instance given the same negative number shares
     * @param boundPort where the actual port is written once listening
     */
    HttpVerticle(AsyncRoutes routes, String host, int port, AtomicInteger boundPort) {
        this.routes = routes;
        this.host = host;
        this.port = port;
        this.boundPort = boundPort;
    }

    @Override
    public Future<?> start() {
        // HTTP/1.1, and h2c (HTTP/2 cleartext, prior knowledge or upgrade) for the balancer's netty
        // data plane, which multiplexes every request on a few connections: 10,000 requests in
        // flight would otherwise take 10,000 sockets, and a process here may hold 20,000 files. The
        // stream limit is high enough that a burst is never held back by it (Vert.x's default is 100).
        // Serving h2c costs HTTP/1.1 clients nothing measurable. Room for whatever the balancer
        // forwards: it applies the lab's header limits at the edge (at most 60 KiB,
        // balancer.max-header-bytes) and adds a few headers of its own.
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true)
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_STREAMS)
                        .setMaxHeaderListSize(MAX_HEAD_BYTES))
                .setMaxHeaderSize(MAX_HEAD_BYTES).setMaxInitialLineLength(MAX_HEAD_BYTES);
        return vertx.createHttpServer(options)
                .requestHandler(request -> routes.handle(new VertxServerExchange(request)))
                .listen(port, host)
                .onSuccess(server -> boundPort.set(server.actualPort()));
    }
}
