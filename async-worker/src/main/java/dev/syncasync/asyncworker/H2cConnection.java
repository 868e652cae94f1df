package dev.syncasync.asyncworker;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.vertx.core.internal.ContextInternal;

/**
 * One h2c connection of {@link H2cServer}: Netty's HTTP/2 codec, and each request stream handed
 * to the routes, on this connection's event loop and its Vert.x context, as soon as its headers
 * arrive (as Vert.x does; a body, which no route reads, is consumed and dropped).
 */
final class H2cConnection extends Http2ConnectionHandler {

    private final ContextInternal context;
    private final AsyncRoutes routes;
    /** True while a read is being handled: answers written then leave with its one flush. */
    private boolean reading;

    private H2cConnection(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
                          ContextInternal context, AsyncRoutes routes) {
        super(decoder, encoder, settings);
        this.context = context;
        this.routes = routes;
        decoder.frameListener(new Streams());
    }

    static H2cConnection create(ContextInternal context, AsyncRoutes routes) {
        return new Builder(context, routes).build();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        reading = true;
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        reading = false;
        // Flushes what the requests of this read answered at once (on the loop, without waiting).
        super.channelReadComplete(ctx);
    }

    /**
     * True while the client still waits for the answer on {@code streamId} (it may have reset the
     * stream, or the connection may be closing).
     */
    boolean answerable(int streamId) {
        Http2Stream stream = connection().stream(streamId);
        return stream != null && stream.state().localSideOpen();
    }

    /**
     * After an answer is written: flushed now, unless a read is in progress and will flush it.
     * Through this handler's own flush, which first hands the flow controller's pending DATA to
     * the channel ({@code ctx.flush()} alone would skip it).
     */
    void flushUnlessReading(ChannelHandlerContext ctx) {
        if (!reading) {
            flush(ctx);
        }
    }

    /** The frames that matter here: a request's headers, and a body to drop. */
    private final class Streams extends Http2FrameAdapter {

        /** Streams whose body (and maybe trailers) is still coming: rare, as every route is a GET. */
        private final IntObjectMap<Boolean> bodies = new IntObjectHashMap<>(4);

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
            bodies.remove(streamId);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                                  boolean endOfStream) {
            if (bodies.remove(streamId) != null) {
                return; // trailers after a body: the request was handed on with its first headers
            }
            if (!endOfStream) {
                bodies.put(streamId, Boolean.TRUE);
            }
            context.dispatch(new H2cExchange(H2cConnection.this, ctx, context, streamId, headers), routes);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                                  short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            if (endOfStream) {
                bodies.remove(streamId);
            }
            // Consumed at once, so the client's flow-control window reopens.
            return data.readableBytes() + padding;
        }
    }

    /** Netty's builder, for the settings the worker announces. */
    private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<H2cConnection, Builder> {

        private final ContextInternal context;
        private final AsyncRoutes routes;

        Builder(ContextInternal context, AsyncRoutes routes) {
            this.context = context;
            this.routes = routes;
            server(true);
            // The same limits as the Vert.x port (HttpVerticle): a burst of 10,000 streams on one
            // connection is never held back, and room for every header the balancer forwards.
            initialSettings(new Http2Settings().maxConcurrentStreams(HttpVerticle.MAX_STREAMS)
                    .maxHeaderListSize(HttpVerticle.MAX_HEAD_BYTES));
            // The worker waits for its requests in flight before it closes connections (its own
            // grace period); by then a GOAWAY needs no further wait.
            gracefulShutdownTimeoutMillis(0);
        }

        @Override
        public H2cConnection build() {
            return super.build();
        }

        @Override
        protected H2cConnection build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                      Http2Settings settings) {
            return new H2cConnection(decoder, encoder, settings, context, routes);
        }
    }
}
