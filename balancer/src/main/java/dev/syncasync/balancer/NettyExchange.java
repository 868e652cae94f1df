package dev.syncasync.balancer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * One request on the Netty data plane, from its head to the last byte of its answer. Its
 * connection's loop reads and writes it; {@link #answer} may come from another thread (a queue
 * timeout, an ejected worker) and hops onto that loop. {@link #answered} is set under the
 * dispatcher's monitor, so exactly one answer begins.
 */
final class NettyExchange implements ClientExchange {

    final NettyClient connection;
    final HttpRequest head;
    final boolean keepAlive;
    /** The body read before dispatch (kept until the end, so a GET can be sent again); null when empty. */
    ByteBuf body;
    /** An answer began (the balancer's own, or the worker's head): nothing else may be written. */
    private volatile boolean answered;
    private Runnable onClose;
    /** The answer is complete (or the connection closed): the connection may read the next request. */
    boolean done;

    NettyExchange(NettyClient connection, HttpRequest head, boolean keepAlive) {
        this.connection = connection;
        this.head = head;
        this.keepAlive = keepAlive;
    }

    EventLoop loop() {
        return connection.loop();
    }

    @Override
    public boolean answerable() {
        return !answered && connection.isActive();
    }

    /** The worker's answer begins; false when an answer already began or the client left. */
    boolean begin() {
        if (!answerable()) {
            return false;
        }
        answered = true;
        return true;
    }

    @Override
    public void answer(int status, String contentType, String text, String[] headers, boolean close) {
        answered = true;
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuf content = Unpooled.wrappedBuffer(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.headers().set(headers[i], headers[i + 1]);
        }
        boolean closing = close || !keepAlive;
        if (closing) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        EventLoop loop = loop();
        if (loop.inEventLoop()) {
            connection.writeOwn(this, response, closing);
        } else {
            loop.execute(() -> connection.writeOwn(this, response, closing));
        }
    }

    @Override
    public void onClose(Runnable action) {
        this.onClose = action;
    }

    /** The client left before the answer ended (on the loop). */
    void closed() {
        Runnable action = onClose;
        onClose = null;
        if (action != null && !done) {
            action.run();
        }
    }

    /** A copy of the body for one send to a worker (the original stays for a retry); null when there is none. */
    ByteBuf bodyForSend() {
        return body == null ? null : body.retainedDuplicate();
    }

    int bodyLength() {
        return body == null ? 0 : body.readableBytes();
    }

    void releaseBody() {
        if (body != null) {
            ReferenceCountUtil.safeRelease(body);
            body = null;
        }
    }
}
