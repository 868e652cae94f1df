package dev.syncasync.balancer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Vert.x's request decoder with the framing rules of RFC 9112 applied strictly, for the client
 * port. Netty's decoder, left alone, resolves a Content-Length next to a chunked
 * Transfer-Encoding by dropping the length, and reads a request with any other coding
 * ({@code xchunked}, {@code gzip, chunked}) as having no body, so its body is parsed as the next
 * request: a smuggled request. Here a head is refused, through Netty's own invalid-message path
 * (the decoder then discards everything after it on the connection), when:
 * <ul>
 *   <li>it has both Content-Length and Transfer-Encoding (RFC 9112 6.1),</li>
 *   <li>Transfer-Encoding is anything but one {@code chunked} (6.3: unknown, repeated, or not the
 *       final coding), or appears in an HTTP/1.0 request (6.1),</li>
 *   <li>it has more than {@code max-header-count} header fields (431).</li>
 * </ul>
 * An invalid chunk (size, delimiter) ends the request's body instead of failing the connection,
 * and is remembered on the channel ({@link ClientEdge#bodyFailure}), so the request is answered
 * 400 in its turn rather than the connection dropping without an answer. The decoder also tells
 * the {@link ClientConnection} when bytes of a new head arrive, which starts its header timer.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    private final int maxHeaderCount;
    private final ClientConnection connection;
    /** The next bytes begin a request head (none is being decoded, no body is pending). */
    private boolean awaitingHead = true;

    StrictRequestDecoder(HttpServerOptions options, int maxHeaderCount, ClientConnection connection) {
        super(options);
        this.maxHeaderCount = maxHeaderCount;
        this.connection = connection;
    }

    /** A head the balancer refuses, with the status it answers. */
    static final class Refusal extends IllegalArgumentException {

        private final HttpResponseStatus status;

        Refusal(HttpResponseStatus status, String message) {
            super(message);
            this.status = status;
        }

        HttpResponseStatus status() {
            return status;
        }
    }

    /** Netty calls this once every header of a head is read, before it decides how the body is framed. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        check(message);
        return super.isContentAlwaysEmpty(message);
    }

    private void check(HttpMessage message) {
        HttpHeaders headers = message.headers();
        int count = fieldCount(headers);
        if (count > maxHeaderCount) {
            throw new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, count
                    + " request header fields, more than balancer.max-header-count (" + maxHeaderCount + ")");
        }
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (codings.isEmpty()) {
            return;
        }
        if (!message.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding in an "
                    + message.protocolVersion() + " request (RFC 9112 section 6.1)");
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST,
                    "Content-Length together with Transfer-Encoding (RFC 9112 section 6.1)");
        }
        if (codings.size() != 1 || !codings.get(0).strip().equalsIgnoreCase("chunked")) {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding '" + String.join(", ", codings)
                    + "': the balancer accepts one 'chunked' coding and nothing else (RFC 9112 section 6.3)");
        }
    }

    /** Fields, not names: a name given twice counts twice. */
    private static int fieldCount(HttpHeaders headers) {
        int count = 0;
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
        while (fields.hasNext()) {
            fields.next();
            count++;
        }
        return count;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        noticeHead(in);
        int from = out.size();
        super.decode(ctx, in, out);
        for (int i = from; i < out.size(); i++) {
            Object message = out.get(i);
            if (message instanceof HttpRequest) {
                awaitingHead = false;
            }
            if (message instanceof HttpContent content && !content.decoderResult().isSuccess()) {
                ClientEdge.bodyFailed(ctx.channel(), content.decoderResult().cause());
                content.release();
                out.set(i, LastHttpContent.EMPTY_LAST_CONTENT);
                message = LastHttpContent.EMPTY_LAST_CONTENT;
            }
            if (message instanceof LastHttpContent) {
                awaitingHead = true;
            }
        }
        noticeHead(in);
    }

    private void noticeHead(ByteBuf in) {
        if (awaitingHead && in.isReadable()) {
            connection.headStarted();
        }
    }
}
