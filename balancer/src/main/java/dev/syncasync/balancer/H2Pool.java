package dev.syncasync.balancer;

import dev.syncasync.work.LabHeaders;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import io.netty.util.collection.IntObjectHashMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * h2c (HTTP/2 cleartext with prior knowledge) from one loop to one worker: every request is a
 * stream on a shared connection, so 10,000 requests in flight take a handful of sockets instead
 * of 10,000 (a process here may hold 20,000 files). A new connection opens only when the open
 * ones reach the worker's {@code SETTINGS_MAX_CONCURRENT_STREAMS}. Writes are flushed once per
 * loop iteration, so one system call carries every request the loop sent the worker meanwhile.
 */
final class H2Pool {

    private static final Logger LOG = LoggerFactory.getLogger(H2Pool.class);
    /** Flow-control windows: 2,500 answers arriving at once would otherwise wait for a WINDOW_UPDATE every 32 KiB. */
    private static final int CONNECTION_WINDOW = 16 << 20;
    private static final int STREAM_WINDOW = 1 << 20;
    /** The last stream id a connection hands out (ids are odd and below 2^31); room for the requests waiting to open. */
    private static final int LAST_STREAM_ID = Integer.MAX_VALUE - 2 * 100_000 - 2;
    /** Requests that may wait for one connection to open. */
    private static final int BEFORE_OPEN = 100_000;
    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final AsciiString REQUEST_ID = AsciiString.cached(LabHeaders.REQUEST_ID.toLowerCase());
    private static final AsciiString FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    /**
     * Connection-specific headers HTTP/2 forbids (RFC 9113 section 8.2.2), Host (it becomes
     * :authority) and Expect (the whole body is sent at once).
     */
    private static final AsciiString[] NOT_FORWARDED = {HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
        HttpHeaderNames.PROXY_CONNECTION, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
        HttpHeaderNames.TE, HttpHeaderNames.HOST, HttpHeaderNames.PROXY_AUTHORIZATION,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.TRAILER, HttpHeaderNames.EXPECT};

    private final NettyPlane plane;
    private final EventLoop loop;
    private final String host;
    private final int port;
    private final AsciiString authority;
    private final List<Conn> conns = new ArrayList<>(2);
    /** A connection that read nothing for this long gets a PING ({@code health-interval-ms}). */
    private final long pingAfterMs;

    H2Pool(NettyPlane plane, EventLoop loop, String host, int port) {
        this.plane = plane;
        this.loop = loop;
        this.host = host;
        this.port = port;
        this.authority = new AsciiString(host + ":" + port);
        this.pingAfterMs = plane.config.healthIntervalMs();
    }

    /** Sends {@code attempt} as a new stream (on the loop). */
    void send(Attempt attempt, NettyExchange x) {
        for (int i = 0, n = conns.size(); i < n; i++) {
            Conn c = conns.get(i);
            if (c.usable()) {
                c.send(attempt, x);
                return;
            }
        }
        Conn c = new Conn();
        conns.add(c);
        c.send(attempt, x);
    }

    /** A stream in flight: the attempt and the client exchange it answers. */
    private record Stream(Attempt attempt, NettyExchange exchange, boolean[] streaming, int[] held) {
    }

    /** One multiplexed connection: a stream per request, found again by its id. */
    private final class Conn extends Http2FrameAdapter {

        private final IntObjectHashMap<Stream> streams = new IntObjectHashMap<>();
        private final List<Stream> beforeOpen = new ArrayList<>();
        private final Http2ConnectionHandler handler;
        private Channel channel;
        private ChannelHandlerContext ctx;
        private boolean open;
        private boolean dead;
        private boolean flushScheduled;
        /** The payload of the PING awaiting its ACK; 0 when none is. */
        private long pingSent;
        /** A PING went unanswered: no new stream goes here, and the connection closes once it carries none. */
        private boolean unconfirmed;
        private final Runnable flushTask = () -> {
            flushScheduled = false;
            if (channel != null) {
                channel.flush();
            }
        };

        Conn() {
            handler = new Http2ConnectionHandlerBuilder()
                    .connection(new DefaultHttp2Connection(false))
                    .frameListener(this)
                    .initialSettings(Http2Settings.defaultSettings().initialWindowSize(STREAM_WINDOW))
                    .validateHeaders(false)
                    // A new x-request-id every request would churn HPACK's dynamic table: never index it.
                    .headerSensitivityDetector((name, value) -> AsciiString.contentEqualsIgnoreCase(name, REQUEST_ID))
                    .build();
            Bootstrap b = new Bootstrap().group(loop).channel(plane.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, plane.config.connectTimeoutMs())
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            plane.track(ch);
                            ch.pipeline().addLast(new IdleStateHandler(pingAfterMs, 0, 0, TimeUnit.MILLISECONDS));
                            ch.pipeline().addLast(handler, new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelActive(ChannelHandlerContext c) {
                                    opened(c);
                                    c.fireChannelActive();
                                }

                                @Override
                                public void userEventTriggered(ChannelHandlerContext c, Object event) {
                                    if (event instanceof IdleStateEvent) {
                                        idle();
                                    }
                                    c.fireUserEventTriggered(event);
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
                                    LOG.atDebug().log(() -> "h2c connection to " + authority + ": " + cause);
                                    c.close();
                                }
                            });
                        }
                    });
            b.connect(host, port).addListener(done -> {
                if (!done.isSuccess()) {
                    dead = true;
                    conns.remove(this);
                    List<Stream> waiting = new ArrayList<>(beforeOpen);
                    beforeOpen.clear();
                    for (Stream s : waiting) {
                        plane.forwarder.notSent(s.attempt(), done.cause());
                    }
                }
            });
        }

        /**
         * From the handler behind the HTTP/2 one, so after Netty wrote the client preface: the
         * connect future's listener runs before channelActive, too early for frames.
         */
        void opened(ChannelHandlerContext after) {
            channel = after.channel();
            ctx = channel.pipeline().context(handler);
            open = true;
            try {
                handler.connection().local().flowController().incrementWindowSize(
                        handler.connection().connectionStream(), CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE);
            } catch (Http2Exception e) {
                throw new IllegalStateException(e);
            }
            channel.closeFuture().addListener(closed -> closed());
            List<Stream> waiting = new ArrayList<>(beforeOpen);
            beforeOpen.clear();
            for (Stream s : waiting) {
                write(s);
            }
            channel.flush();
        }

        boolean usable() {
            if (dead) {
                return false;
            }
            if (!open) {
                return beforeOpen.size() < BEFORE_OPEN;
            }
            return channel.isActive() && !unconfirmed && !handler.connection().goAwayReceived()
                    && handler.connection().local().numActiveStreams() < handler.connection().local().maxActiveStreams()
                    // Stream ids are odd numbers below 2^31: a connection that used them up makes way for a new one.
                    && handler.connection().local().lastStreamCreated() < LAST_STREAM_ID;
        }

        void send(Attempt attempt, NettyExchange x) {
            Stream s = new Stream(attempt, x, new boolean[1], new int[1]);
            if (!open) {
                beforeOpen.add(s);
                return;
            }
            write(s);
            if (!flushScheduled) {
                // One flush for everything this loop sends the worker in the current iteration.
                flushScheduled = true;
                loop.execute(flushTask);
            }
        }

        private void write(Stream s) {
            Attempt attempt = s.attempt();
            if (attempt.settled()) {
                return;
            }
            int id = handler.connection().local().incrementAndGetNextStreamId();
            streams.put(id, s);
            attempt.reset = () -> {
                if (streams.remove(id) != null && channel.isActive()) {
                    handler.encoder().writeRstStream(ctx, id, Http2Error.CANCEL.code(), ctx.newPromise());
                    channel.flush();
                }
            };
            NettyExchange x = s.exchange();
            ByteBuf body = x.bodyForSend();
            // A promise of its own: a stream the encoder refuses (headers over the worker's limit, say)
            // fails alone, where a failed void promise would close the connection and every stream on it.
            ChannelPromise sent = ctx.newPromise();
            sent.addListener(done -> {
                if (!done.isSuccess()) {
                    Stream refused = streams.remove(id);
                    if (refused != null) {
                        fail(refused, "could not send the request: " + done.cause());
                    }
                }
            });
            handler.encoder().writeHeaders(ctx, id, headers(attempt, x), 0, body == null, sent);
            if (body != null) {
                handler.encoder().writeData(ctx, id, body, 0, true, ctx.newPromise());
            }
        }

        private Http2Headers headers(Attempt attempt, NettyExchange x) {
            HttpHeaders in = x.head.headers();
            DefaultHttp2Headers out = new DefaultHttp2Headers(false, in.size() + 4);
            out.method(x.head.method().asciiName()).path(x.head.uri()).scheme(HTTP).authority(authority);
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = in.iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> e = it.next();
                AsciiString name = AsciiString.of(e.getKey()).toLowerCase();
                if (!forbidden(name)) {
                    out.add(name, e.getValue());
                }
            }
            out.set(FORWARDED_FOR, Http.forwardedFor(in.getAll(FORWARDED_FOR), x.connection.remote()));
            out.set(REQUEST_ID, Long.toString(attempt.pending.id));
            return out;
        }

        private static boolean forbidden(AsciiString name) {
            for (AsciiString f : NOT_FORWARDED) {
                if (f.contentEquals(name)) {
                    return true;
                }
            }
            return name.contentEquals(HttpHeaderNames.CONTENT_LENGTH) || name.contentEquals(FORWARDED_FOR)
                    || name.contentEquals(REQUEST_ID);
        }

        /** Vert.x sends its HEADERS with priority fields: Netty then calls this form, not the short one. */
        @Override
        public void onHeadersRead(ChannelHandlerContext c, int streamId, Http2Headers headers, int streamDependency,
                                  short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(c, streamId, headers, padding, endOfStream);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext c, int streamId, Http2Headers headers, int padding,
                                  boolean endOfStream) {
            Stream s = endOfStream ? streams.remove(streamId) : streams.get(streamId);
            if (s == null) {
                return;
            }
            if (s.streaming()[0]) {
                // Trailers: the body ends here.
                if (endOfStream) {
                    plane.forwarder.content(s.attempt(), s.exchange(), LastHttpContent.EMPTY_LAST_CONTENT);
                }
                return;
            }
            HttpResponseStatus status;
            try {
                status = HttpResponseStatus.parseLine(headers.status());
            } catch (RuntimeException e) {
                status = HttpResponseStatus.BAD_GATEWAY;
            }
            HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, false);
            HttpHeaders out = r.headers();
            for (Map.Entry<CharSequence, CharSequence> e : headers) {
                CharSequence name = e.getKey();
                if (name.length() > 0 && name.charAt(0) != ':') {
                    out.add(name, e.getValue());
                }
            }
            if (endOfStream) {
                if (!out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                    out.set(HttpHeaderNames.CONTENT_LENGTH, "0");
                }
            } else if (!out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                HttpUtil.setTransferEncodingChunked(r, true);
            }
            if (!plane.forwarder.head(s.attempt(), s.exchange(), r)) {
                // Given up on, or its client left: stop the stream.
                if (!endOfStream && streams.remove(streamId) != null) {
                    handler.encoder().writeRstStream(ctx, streamId, Http2Error.CANCEL.code(), ctx.newPromise());
                    scheduleFlush();
                }
                return;
            }
            s.streaming()[0] = true;
            if (endOfStream) {
                plane.forwarder.content(s.attempt(), s.exchange(), LastHttpContent.EMPTY_LAST_CONTENT);
            }
        }

        @Override
        public int onDataRead(ChannelHandlerContext c, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            int processed = data.readableBytes() + padding;
            Stream s = endOfStream ? streams.remove(streamId) : streams.get(streamId);
            if (s != null && s.streaming()[0]) {
                data.retain();
                plane.forwarder.content(s.attempt(), s.exchange(),
                        // No trailers (a worker sends none): the shared empty headers, not a new map per answer.
                        endOfStream ? new DefaultLastHttpContent(data, EmptyHttpHeaders.INSTANCE)
                                : new DefaultHttpContent(data));
                if (!endOfStream && s.exchange().connection.stallIfFull(() -> release(streamId, s))) {
                    // The client reads slower than the worker sends: keep these bytes in the stream's
                    // window, so the worker stops once the window is full; the other streams go on.
                    s.held()[0] += processed;
                    return 0;
                }
            }
            return processed;
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext c, int streamId, long errorCode) {
            Stream s = streams.remove(streamId);
            if (s == null) {
                return;
            }
            if (errorCode == Http2Error.REFUSED_STREAM.code() && !s.streaming()[0]) {
                // RFC 9113 section 8.7: the worker did no work on it, so any request may go elsewhere.
                plane.forwarder.refused(s.attempt(), "the worker refused the stream (REFUSED_STREAM)");
            } else {
                fail(s, "the worker reset the stream (" + Http2Error.valueOf(errorCode) + ")");
            }
        }

        /**
         * The worker stops taking streams (a graceful stop): the ones above {@code lastStreamId} it
         * never processed, so they go elsewhere whatever their method (RFC 9113 section 6.8); the
         * others finish; no new stream goes to this connection.
         */
        @Override
        public void onGoAwayRead(ChannelHandlerContext c, int lastStreamId, long errorCode, ByteBuf debugData) {
            LOG.atDebug().log(() -> "h2c GOAWAY from " + authority + ": " + Http2Error.valueOf(errorCode) + " "
                    + debugData.toString(StandardCharsets.UTF_8) + ", last stream " + lastStreamId);
            List<Integer> unseen = new ArrayList<>();
            for (Integer id : streams.keySet()) {
                if (id > lastStreamId) {
                    unseen.add(id);
                }
            }
            for (Integer id : unseen) {
                Stream s = streams.remove((int) id);
                if (s != null && !s.streaming()[0]) {
                    plane.forwarder.refused(s.attempt(), "the worker is stopping (GOAWAY) and never saw the request");
                } else if (s != null) {
                    fail(s, "the worker is stopping (GOAWAY)");
                }
            }
        }

        /** The client of stream {@code id} drained its buffer: give the worker back the window it held. */
        private void release(int id, Stream s) {
            int bytes = s.held()[0];
            s.held()[0] = 0;
            Http2Stream stream = handler.connection().stream(id);
            if (bytes == 0 || stream == null || !channel.isActive()) {
                return;
            }
            try {
                handler.connection().local().flowController().consumeBytes(stream, bytes);
                scheduleFlush();
            } catch (Http2Exception e) {
                LOG.atDebug().log(() -> "h2c stream " + id + " to " + authority + ": " + e);
            }
        }

        /**
         * Nothing read for {@code health-interval-ms}: a PING (RFC 9113 section 6.7). A dead
         * connection (a worker host gone, a network cut) says nothing, not even a reset; the
         * health checks notice the worker, but only a PING notices this connection. Without an
         * ACK within {@code health-timeout-ms}, no new stream goes to it (a new one opens
         * instead), and it closes as soon as it carries no stream. Streams already on it keep
         * their own deadlines: a worker whose loop is busy with the {@code cpu} a request asked
         * for answers late, and its answers must not be cut for it.
         */
        private void idle() {
            if (unconfirmed && streams.isEmpty()) {
                LOG.atDebug().log(() -> "h2c connection to " + authority + " closed: a PING went unanswered");
                channel.close();
                return;
            }
            if (pingSent != 0 || !channel.isActive()) {
                return;
            }
            long payload = System.nanoTime() | 1;
            pingSent = payload;
            handler.encoder().writePing(ctx, false, payload, ctx.newPromise());
            channel.flush();
            loop.schedule(() -> {
                if (pingSent == payload) {
                    unconfirmed = true;
                    if (streams.isEmpty()) {
                        channel.close();
                    }
                }
            }, plane.config.healthTimeoutMs(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void onPingAckRead(ChannelHandlerContext c, long data) {
            if (data == pingSent) {
                pingSent = 0;
                unconfirmed = false;
            }
        }

        private void scheduleFlush() {
            if (!flushScheduled) {
                flushScheduled = true;
                loop.execute(flushTask);
            }
        }

        private void fail(Stream s, String reason) {
            if (s.streaming()[0]) {
                plane.forwarder.broken(s.attempt(), s.exchange(), reason);
            } else {
                plane.forwarder.sentAndFailed(s.attempt(), reason);
            }
        }

        private void closed() {
            dead = true;
            conns.remove(this);
            List<Stream> left = new ArrayList<>(streams.values());
            streams.clear();
            for (Stream s : left) {
                fail(s, "the h2c connection to " + authority + " closed");
            }
        }
    }
}
