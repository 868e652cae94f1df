package dev.syncasync.balancer;

import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;

/**
 * The connections of one event loop to the workers: a client connection and the worker
 * connections that serve it live on the same loop, so bytes never cross threads. Per worker
 * address, a pool of HTTP/1.1 keep-alive connections ({@link H1Pool}) or the h2c connections
 * ({@link H2Pool}) this loop multiplexes its requests on. Confined to its loop.
 */
final class LoopUpstreams {

    private final NettyPlane plane;
    private final EventLoop loop;
    private final Map<String, H1Pool> h1 = new HashMap<>();
    private final Map<String, H2Pool> h2 = new HashMap<>();

    LoopUpstreams(NettyPlane plane, EventLoop loop) {
        this.plane = plane;
        this.loop = loop;
    }

    H1Pool h1(Backend backend) {
        return h1.computeIfAbsent(backend.info.address(), a -> new H1Pool(plane, loop, backend.info.host(),
                backend.info.port()));
    }

    H2Pool h2(Backend backend) {
        // The worker's own h2c listener when it advertises one (the async worker), else its HTTP port.
        return h2.computeIfAbsent(backend.info.h2cAddress(), a -> new H2Pool(plane, loop, backend.info.host(),
                backend.info.h2cTarget()));
    }
}
