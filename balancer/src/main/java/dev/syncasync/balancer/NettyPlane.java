package dev.syncasync.balancer;

import dev.syncasync.config.BalancerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.http.HttpServerOptions;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code netty} data plane: the client port and the connections to the workers on Netty
 * directly, {@code event-loops} loops (one per CPU by default), native epoll on Linux. Each
 * client connection lives on one loop, and the worker connections that serve it live on the
 * same loop ({@link LoopUpstreams}), so a request's bytes never cross threads. What the loops
 * share is the {@link Dispatcher}: its monitor is the one FIFO gate, entered at admission and at
 * release. The edge rules are the Vert.x plane's own handlers: {@link StrictRequestDecoder}
 * (framing, header limits) and {@link ClientConnection} (header, body and idle timeouts), with
 * the client-connection cap checked at accept.
 */
final class NettyPlane {

    private static final Logger LOG = LoggerFactory.getLogger(NettyPlane.class);

    final BalancerConfig config;
    final Dispatcher dispatcher;
    final Responder responder;
    final BalancerMetrics metrics;
    final BalancerHealth health;
    final NettyForwarder forwarder;
    private final boolean epoll;
    private final EventLoopGroup group;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final FastThreadLocal<LoopUpstreams> upstreams = new FastThreadLocal<>();
    /** The decoder's limits, built once: a Vert.x options object per accepted connection showed in profiles. */
    private final HttpServerOptions edgeOptions;
    /**
     * Every open connection, client and worker side: {@link #close} closes them itself. Shutting the
     * loops down left accepted keep-alive connections open (seen: CLOSE-WAIT sockets after a lab's
     * shutdown, and a client's next request on its pooled connection waiting forever).
     */
    private final ChannelGroup channels = new DefaultChannelGroup("balancer", GlobalEventExecutor.INSTANCE);
    private Channel server;

    /**
     * @param ejection null for a plane that never reaches a worker (the start-up warm-up)
     */
    NettyPlane(BalancerConfig config, Dispatcher dispatcher, Responder responder, BalancerMetrics metrics,
               Ejection ejection) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.responder = responder;
        this.metrics = metrics;
        this.health = new BalancerHealth(dispatcher);
        this.edgeOptions = ClientEdge.serverOptions(config);
        this.epoll = !config.transport().equals("nio") && Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(config.effectiveEventLoops(),
                new DefaultThreadFactory("balancer-loop", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.forwarder = new NettyForwarder(this, dispatcher, ejection, responder);
        metrics.clientConnections(open::get);
    }

    /** Binds the client port ({@code host}, {@code port}; 0 = a free one) and returns the port bound. */
    int listen(String host, int port) {
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap().group(group).channel(serverChannel)
                // The kernel caps it at net.core.somaxconn; a burst of connects relies on accepting fast.
                .option(ChannelOption.SO_BACKLOG, 16_384)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                });
        server = b.bind(host, port).syncUninterruptibly().channel();
        int bound = ((InetSocketAddress) server.localAddress()).getPort();
        LOG.atDebug().log(() -> "netty data plane on " + host + ":" + bound + " with "
                + config.effectiveEventLoops() + " loops, " + (epoll ? "epoll" : "nio"));
        return bound;
    }

    /** A new client connection: refused past the cap, else the edge's handlers and a {@link NettyClient}. */
    private void accept(Channel ch) {
        track(ch);
        if (open.get() >= config.maxClientConnections()) {
            metrics.clientClosed("over-limit");
            if (refusedSinceLog.getAndIncrement() == 0) {
                LOG.atWarn().log(() -> "client connections at balancer.max-client-connections ("
                        + config.maxClientConnections() + "): refusing new ones with 503 until some close");
                ch.eventLoop().schedule(() -> refusedSinceLog.set(0), 10, TimeUnit.SECONDS);
            }
            ch.pipeline().addLast(new HttpResponseEncoder());
            ClientEdge.refuseConnection(ch, config);
            return;
        }
        open.incrementAndGet();
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        ClientConnection timers = new ClientConnection(config.clientHeaderTimeoutMs(), config.clientIdleTimeoutMs(),
                metrics::clientClosed);
        ch.pipeline().addLast("httpDecoder", new StrictRequestDecoder(edgeOptions,
                config.maxHeaderCount(), timers));
        ch.pipeline().addLast("httpEncoder", new HttpResponseEncoder());
        ch.pipeline().addLast("clientTimeouts", timers);
        ch.pipeline().addLast("handler", new NettyClient(this));
    }

    /** Closes {@code ch} with the plane (removed again by itself when it closes first). */
    void track(Channel ch) {
        channels.add(ch);
    }

    /** The next request id (the timeline's numbering). */
    long nextId() {
        return ids.incrementAndGet();
    }

    boolean epoll() {
        return epoll;
    }

    Class<? extends Channel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** The worker connections of the calling loop (made on first use, never shared with another loop). */
    LoopUpstreams upstreams(EventLoop loop) {
        LoopUpstreams u = upstreams.get();
        if (u == null) {
            u = new LoopUpstreams(this, loop);
            upstreams.set(u);
        }
        return u;
    }

    /** Client connections open now. */
    int open() {
        return open.get();
    }

    /** Closes the client port and every connection, and stops the loops. */
    void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
