package dev.syncasync.asyncworker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request stream of an {@link H2cConnection} and its answer. It holds only what the answer
 * needs while the request waits: the stream id, the path and query, and the headers added so
 * far. Confined to the connection's event loop.
 */
final class H2cExchange implements Exchange {

    private static final String GET = "GET";
    /** HTTP/2 header names are lower case; the routes use a handful of names, converted once each. */
    private static final Map<String, AsciiString> NAMES = new ConcurrentHashMap<>();

    private final H2cConnection connection;
    private final ChannelHandlerContext ctx;
    private final ContextInternal context;
    private final int streamId;
    private final String method;
    private final String path;
    private final String query;
    /** Headers added before the answer, as name, value, name, value. */
    private String[] added = new String[2];
    private int addedCount;

    H2cExchange(H2cConnection connection, ChannelHandlerContext ctx, ContextInternal context, int streamId,
                Http2Headers headers) {
        this.connection = connection;
        this.ctx = ctx;
        this.context = context;
        this.streamId = streamId;
        CharSequence m = headers.method();
        this.method = m == null ? "" : AsciiString.contentEquals(GET, m) ? GET : m.toString();
        CharSequence p = headers.path();
        String target = p == null ? "" : p.toString();
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.query = q < 0 ? null : target.substring(q + 1);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public Exchange header(String name, String value) {
        if (addedCount == added.length) {
            added = Arrays.copyOf(added, added.length * 2);
        }
        added[addedCount++] = name;
        added[addedCount++] = value;
        return this;
    }

    @Override
    public Future<Void> end(int status, String contentType, String body) {
        PromiseInternal<Void> sent = context.promise();
        if (!connection.answerable(streamId)) {
            sent.fail("the client reset stream " + streamId + " or closed the connection");
            return sent.future();
        }
        ByteBuf content = ByteBufUtil.writeUtf8(ctx.alloc(), body);
        Http2Headers headers = new DefaultHttp2Headers(false, 4 + addedCount / 2)
                .status(HttpResponseStatus.valueOf(status).codeAsText())
                .add(HttpHeaderNames.CONTENT_TYPE, contentType)
                .addInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        for (int i = 0; i < addedCount; i += 2) {
            headers.add(NAMES.computeIfAbsent(added[i], n -> AsciiString.of(n.toLowerCase(Locale.ROOT))), added[i + 1]);
        }
        connection.encoder().writeHeaders(ctx, streamId, headers, 0, false, ctx.voidPromise());
        // A Vert.x promise is a Netty listener: it completes, or fails, with the write.
        connection.encoder().writeData(ctx, streamId, content, 0, true, ctx.newPromise()).addListener(sent);
        connection.flushUnlessReading(ctx);
        return sent.future();
    }
}
