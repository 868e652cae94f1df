package dev.syncasync.balancer;

import dev.syncasync.work.LabHeaders;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * HTTP/1.1 keep-alive connections from one loop to one worker, one request at a time each: a
 * stack of idle ones (the warmest first), a new one when none is idle. The gate never gives a
 * worker more requests than its in-flight limit, which bounds the connections per loop. The
 * worker's answer is streamed to the client as Netty decodes it.
 */
final class H1Pool {

    /**
     * Hop-by-hop headers (RFC 9110 section 7.6.1), what the balancer sets itself, and {@code Expect}
     * (the whole body is sent at once: a worker's {@code 100 Continue} would only be in the way).
     */
    private static final CharSequence[] NOT_FORWARDED = {HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, HttpHeaderNames.HOST,
        HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.EXPECT};

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final NettyPlane plane;
    private final EventLoop loop;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final ArrayDeque<Conn> idle = new ArrayDeque<>();

    H1Pool(NettyPlane plane, EventLoop loop, String host, int port) {
        this.plane = plane;
        this.loop = loop;
        this.host = host;
        this.port = port;
        this.hostHeader = host + ":" + port;
    }

    /** Sends {@code attempt} on an idle connection, or on a new one (on the loop). */
    void send(Attempt attempt, NettyExchange x) {
        Conn c;
        while ((c = idle.pollLast()) != null) {
            if (c.channel.isActive()) {
                c.send(attempt, x);
                return;
            }
        }
        connect(attempt, x);
    }

    private void connect(Attempt attempt, NettyExchange x) {
        Conn c = new Conn();
        Bootstrap b = new Bootstrap().group(loop).channel(plane.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, plane.config.connectTimeoutMs())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        plane.track(ch);
                        ch.pipeline().addLast(new HttpClientCodec(), c);
                    }
                });
        b.connect(host, port).addListener(done -> {
            if (done.isSuccess()) {
                c.send(attempt, x);
            } else {
                plane.forwarder.notSent(attempt, done.cause());
            }
        });
    }

    /** The request as the worker gets it: the client's headers minus the hop-by-hop ones, plus the balancer's. */
    private FullHttpRequest request(Attempt attempt, NettyExchange x) {
        ByteBuf body = x.bodyForSend();
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, x.head.method(), x.head.uri(),
                body == null ? Unpooled.EMPTY_BUFFER : body, false);
        HttpHeaders h = r.headers();
        h.add(x.head.headers());
        for (CharSequence name : NOT_FORWARDED) {
            h.remove(name);
        }
        h.set(HttpHeaderNames.HOST, hostHeader);
        if (body != null || HttpUtil.isContentLengthSet(x.head) || HttpUtil.isTransferEncodingChunked(x.head)) {
            h.setInt(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.readableBytes());
        }
        h.set(FORWARDED_FOR, Http.forwardedFor(x.head.headers().getAll(FORWARDED_FOR), x.connection.remote()));
        h.set(LabHeaders.REQUEST_ID, Long.toString(attempt.pending.id));
        return r;
    }

    /** One keep-alive connection to the worker. */
    private final class Conn extends ChannelInboundHandlerAdapter {

        private Channel channel;
        private Attempt current;
        private NettyExchange exchange;
        /** The answer's head was accepted: its body goes to the client. */
        private boolean streaming;
        private boolean reusable;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        void send(Attempt attempt, NettyExchange x) {
            current = attempt;
            exchange = x;
            streaming = false;
            attempt.reset = () -> {
                if (current == attempt) {
                    channel.close();
                }
            };
            channel.writeAndFlush(request(attempt, x), channel.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Attempt attempt = current;
            if (attempt == null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    ReferenceCountUtil.release(msg);
                    current = null;
                    ctx.close();
                    plane.forwarder.sentAndFailed(attempt, "malformed answer: " + response.decoderResult().cause());
                    return;
                }
                reusable = HttpUtil.isKeepAlive(response);
                streaming = plane.forwarder.head(attempt, exchange, response);
                if (!streaming) {
                    // Given up on, or its client left: this connection carries the rest of an unwanted answer.
                    reusable = false;
                }
            }
            if (msg instanceof HttpContent content) {
                boolean last = content instanceof LastHttpContent;
                if (streaming) {
                    plane.forwarder.content(attempt, exchange, content);
                    if (!last && exchange.connection.stallIfFull(this::resume)) {
                        // The client reads slower than the worker sends: stop reading the worker.
                        channel.config().setAutoRead(false);
                    }
                } else {
                    content.release();
                }
                if (last) {
                    current = null;
                    exchange = null;
                    if (reusable && channel.isActive()) {
                        idle.addLast(this);
                    } else {
                        ctx.close();
                    }
                }
            }
        }

        private void resume() {
            channel.config().setAutoRead(true);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Attempt attempt = current;
            NettyExchange x = exchange;
            current = null;
            exchange = null;
            idle.remove(this);
            if (attempt != null) {
                if (streaming) {
                    plane.forwarder.broken(attempt, x, "the worker closed the connection");
                } else {
                    plane.forwarder.sentAndFailed(attempt, "the worker closed the connection");
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
