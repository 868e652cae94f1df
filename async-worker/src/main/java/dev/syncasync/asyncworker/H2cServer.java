package dev.syncasync.asyncworker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The async worker's h2c listener for the balancer: HTTP/2 with prior knowledge, served by
 * Netty's HTTP/2 codec on the worker's own Vert.x event loops, a second port beside the one
 * Vert.x's HTTP server serves (HTTP/1.1 and h2c for everyone else).
 *
 * <p>Why a second server: Vert.x's HTTP/2 server gives every stream an outbound message queue
 * whose first chunk is an array of 1,025 references (Netty's MPSC queue, a fixed size), about
 * 4.6 KiB per stream with the queue itself: two thirds of what a request waiting on a timer
 * cost the worker (6.6 KiB, docs/ladder.md). Here a stream is Netty's stream state plus one
 * small {@link H2cExchange}. Everything after the request's arrival is the same: the routes
 * run on the loop's Vert.x context, so {@code io} waits on a Vert.x timer, {@code db} on the
 * reactive pool, and offloaded {@code cpu} on the worker pool, exactly as on the other port.
 *
 * <p>Threading: each connection lives on one of the worker's event loops (Netty hands them out
 * in turn), and its requests run there, on that loop's one Vert.x context.
 *
 * <p>It reaches those loops through Vert.x's internal API ({@code VertxInternal},
 * {@code ContextInternal}: the event loop group, the transport, a context per loop), the one
 * Vert.x's own clients and servers are built on; a Vert.x upgrade may move it.
 */
final class H2cServer {

    private final Channel listener;
    private final ChannelGroup connections;

    private H2cServer(Channel listener, ChannelGroup connections) {
        this.listener = listener;
        this.connections = connections;
    }

    /** Listens on {@code host:port} (0 = a free port); call it from a plain thread. */
    static H2cServer listen(Vertx vertx, AsyncRoutes routes, String host, int port) {
        VertxInternal vx = (VertxInternal) vertx;
        ChannelGroup connections = new DefaultChannelGroup("h2c", GlobalEventExecutor.INSTANCE);
        Map<EventLoop, ContextInternal> contexts = new ConcurrentHashMap<>();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(vx.acceptorEventLoopGroup(), vx.nettyEventLoopGroup())
                .channelFactory(vx.transport().serverChannelFactory(false))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        // One event-loop context per loop, as Vert.x gives one per verticle instance.
                        ContextInternal context = contexts.computeIfAbsent(channel.eventLoop(), loop ->
                                vx.contextBuilder().withEventLoop(loop).withThreadingModel(ThreadingModel.EVENT_LOOP)
                                        .build());
                        channel.pipeline().addLast(H2cConnection.create(context, routes));
                    }
                });
        Channel listener = bootstrap.bind(host, port).syncUninterruptibly().channel();
        return new H2cServer(listener, connections);
    }

    /** The port it listens on. */
    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Connections open now. */
    int connections() {
        return connections.size();
    }

    /**
     * Stops listening and closes every connection: each sends GOAWAY first, so a balancer opens
     * new streams elsewhere. Called once the worker's own grace period is over.
     */
    void close(long timeoutMs) {
        listener.close().awaitUninterruptibly(timeoutMs, TimeUnit.MILLISECONDS);
        connections.close().awaitUninterruptibly(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
