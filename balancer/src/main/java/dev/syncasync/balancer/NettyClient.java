package dev.syncasync.balancer;

import dev.syncasync.work.LabHeaders;
import dev.syncasync.work.Millis;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the Netty data plane, after the edge's decoder and timers: what the
 * Vert.x plane's {@link ClientApi} does, on one loop. Requests are served one at a time, in
 * order; a request the client pipelined behind one still being served waits in {@link #pipelined}
 * (reading is not paused for it: a pause costs a system call per request). The answer is
 * streamed: the worker's head, then each piece of its body, as they arrive.
 */
final class NettyClient extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(NettyClient.class);
    /** Hop-by-hop headers (RFC 9110 section 7.6.1) belong to one connection and are not forwarded back. */
    private static final CharSequence[] HOP_BY_HOP = {HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE};

    /** Messages (heads and body pieces) read ahead of the request being served before reading pauses. */
    private static final int MAX_PIPELINED = 256;

    private final NettyPlane plane;
    private Channel channel;
    private String remote;
    /** The request being read or served; null between requests. */
    private NettyExchange current;
    private Pending currentPending;
    private long arrivalNanos;
    private long arrivalUs;
    private boolean tooLarge;
    /** The whole of {@link #current} has been read. */
    private boolean complete;
    /** The connection is closing after an answer: nothing more is read. */
    private boolean closing;
    private ArrayDeque<Object> pipelined;
    /** Resumes the worker's side of the answer being streamed, paused while this client's buffer is full. */
    private Runnable whenWritable;
    /** Closes a client that reads nothing of its answer for {@code client-idle-timeout-ms}. */
    private ScheduledFuture<?> stallTimer;
    private boolean flushScheduled;
    private final Runnable flushTask = () -> {
        flushScheduled = false;
        channel.flush();
    };

    NettyClient(NettyPlane plane) {
        this.plane = plane;
    }

    EventLoop loop() {
        return channel.eventLoop();
    }

    boolean isActive() {
        return channel.isActive();
    }

    NettyPlane plane() {
        return plane;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (current != null && complete) {
            if (pipelined == null) {
                pipelined = new ArrayDeque<>(4);
            }
            pipelined.add(msg);
            if (pipelined.size() == MAX_PIPELINED) {
                // A client that sends and never reads: stop reading until it has caught up.
                channel.config().setAutoRead(false);
            }
        } else {
            read(msg);
        }
    }

    private void read(Object msg) {
        if (msg instanceof HttpRequest head) {
            if (head.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                invalid(head);
                return;
            }
            begin(head);
        }
        if (msg instanceof HttpContent content) {
            try {
                if (current != null && !complete) {
                    body(content);
                }
            } finally {
                content.release();
            }
        }
    }

    /** A head the decoder refused (framing, header limits): a JSON error in its turn, then the connection closes. */
    private void invalid(HttpRequest head) {
        ClientEdge.Refused refused = ClientEdge.refused(plane.config, head.decoderResult().cause());
        NettyExchange x = new NettyExchange(this, head, false);
        current = x;
        complete = true;
        closing = true;
        Pending p = pending(x, System.nanoTime(), Millis.nowMicros());
        plane.responder.failAndClose(p, refused.status(), refused.message());
    }

    private Pending pending(NettyExchange x, long nanos, long us) {
        return new Pending(plane.nextId(), null, x, x.head.method().name(), x.head.uri(), null, nanos, us);
    }

    private void begin(HttpRequest head) {
        arrivalNanos = System.nanoTime();
        arrivalUs = Millis.nowMicros();
        tooLarge = false;
        complete = false;
        current = new NettyExchange(this, head, HttpUtil.isKeepAlive(head));
        currentPending = null;
        String length = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && (!length.matches("\\d{1,12}") || Long.parseLong(length) > ClientApi.MAX_BODY_BYTES)) {
            // The body stays unread, so the connection cannot carry another request.
            complete = true;
            closing = true;
            plane.responder.failAndClose(pending(current, arrivalNanos, arrivalUs), 413,
                    "request bodies are limited to " + ClientApi.MAX_BODY_BYTES + " bytes");
        }
    }

    private void body(HttpContent content) {
        ByteBuf data = content.content();
        if (data.isReadable()) {
            NettyExchange x = current;
            int length = x.bodyLength();
            if (length + data.readableBytes() > ClientApi.MAX_BODY_BYTES) {
                tooLarge = true;
            } else if (x.body == null) {
                x.body = data.retainedSlice();
            } else {
                CompositeByteBuf all = x.body instanceof CompositeByteBuf c ? c
                        : channel.alloc().compositeBuffer(16).addComponent(true, x.body);
                all.addComponent(true, data.retainedSlice());
                x.body = all;
            }
        }
        if (content instanceof LastHttpContent) {
            complete = true;
            arrived(current);
        }
    }

    /** The whole request has arrived: the balancer answers it itself, or it goes to the dispatcher. */
    private void arrived(NettyExchange x) {
        String uri = x.head.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        if (HttpMethod.GET.equals(x.head.method()) && path.startsWith("/health")) {
            BalancerHealth.Answer answer = plane.health.answer(path);
            if (answer != null) {
                x.answer(answer.status(), "application/json", answer.body().encodePrettily() + "\n", new String[0],
                        false);
                return;
            }
        }
        Pending p = pending(x, arrivalNanos, arrivalUs);
        currentPending = p;
        Throwable broken = ClientEdge.takeBodyFailure(channel);
        if (broken != null) {
            closing = true;
            plane.responder.failAndClose(p, 400, "the chunked body is malformed (RFC 9112 section 7.1): "
                    + broken.getMessage());
        } else if (tooLarge) {
            plane.responder.fail(p, 413, "request bodies are limited to " + ClientApi.MAX_BODY_BYTES + " bytes");
        } else if (ClientApi.checked(plane.responder, p, path, query)) {
            plane.dispatcher.submit(p);
        }
    }

    /** Writes an answer of the balancer's own for {@code x} (on the loop). */
    void writeOwn(NettyExchange x, FullHttpResponse response, boolean close) {
        if (!channel.isActive()) {
            response.release();
            finish(x);
            return;
        }
        if (close) {
            // The balancer's own last answer (an error, often with input left unread): a lingering close.
            closing = true;
            ClientEdge.answerAndLinger(channel, channel, response);
        } else {
            channel.writeAndFlush(response, channel.voidPromise());
        }
        finish(x);
    }

    /** The worker's status line and headers, for {@code x} (on the loop). */
    void responseHead(NettyExchange x, Pending p, Attempt attempt, HttpResponse response) {
        HttpHeaders h = response.headers();
        for (CharSequence name : HOP_BY_HOP) {
            h.remove(name);
        }
        p.poolWaitMs = Pending.poolWaitMs(h.get(LabHeaders.POOL_WAIT_MS));
        h.set(LabHeaders.WORKER_ID, attempt.backend.id());
        h.set(LabHeaders.QUEUE_MS, Millis.format(p.queueMs()));
        h.set(LabHeaders.REQUEST_ID, Long.toString(p.id));
        if (!x.keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        channel.write(response, channel.voidPromise());
        flushSoon();
    }

    /** A piece of the worker's body; the last one ends {@code x} (on the loop). */
    void responseContent(NettyExchange x, HttpContent content) {
        if (content instanceof LastHttpContent) {
            if (x.keepAlive) {
                channel.writeAndFlush(content, channel.voidPromise());
            } else {
                closing = true;
                channel.writeAndFlush(content).addListener(ChannelFutureListener.CLOSE);
            }
            finish(x);
        } else {
            channel.write(content, channel.voidPromise());
            flushSoon();
        }
    }

    /**
     * One flush for every piece of an answer written in this loop iteration: the pieces reach the
     * client as they come (streamed, not held until the last one), at one system call per
     * iteration rather than one per piece.
     */
    private void flushSoon() {
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(flushTask);
        }
    }

    /** The worker's answer broke off after its head was written: the client can only see the connection end. */
    void responseBroken(NettyExchange x) {
        closing = true;
        channel.close();
        finish(x);
    }

    /** {@code x} is answered: release it and serve what the client pipelined meanwhile. */
    private void finish(NettyExchange x) {
        x.done = true;
        x.releaseBody();
        if (current != x) {
            return;
        }
        current = null;
        currentPending = null;
        complete = false;
        while (!closing && !(current != null && complete) && pipelined != null && !pipelined.isEmpty()) {
            read(pipelined.poll());
        }
        if (pipelined != null && pipelined.isEmpty() && !channel.config().isAutoRead() && !closing) {
            channel.config().setAutoRead(true);
        }
    }

    /**
     * Back-pressure for a slow reader: called by the worker's side after it wrote a piece of an
     * answer. While the client's outbound buffer is above Netty's high water mark (64 KiB), the
     * worker's side stops reading ({@code pause}: auto-read off on an HTTP/1.1 connection, bytes
     * left unconsumed in the h2c stream's flow-control window) until the buffer drains below the
     * low water mark, when {@code resume} runs. So the balancer holds at most the water mark plus
     * one read (HTTP/1.1) or one stream window (h2c) of an answer, however slowly its client
     * reads. A client that reads nothing for {@code client-idle-timeout-ms} meanwhile is closed:
     * it would otherwise hold a worker slot forever. Returns false when the client can take more.
     */
    boolean stallIfFull(Runnable resume) {
        if (channel.isWritable() || !channel.isActive()) {
            return false;
        }
        // What is written but not yet flushed counts too: hand it to the socket first.
        channel.flush();
        if (channel.isWritable()) {
            return false;
        }
        whenWritable = resume;
        if (stallTimer == null) {
            long ms = plane.config.clientIdleTimeoutMs();
            stallTimer = channel.eventLoop().schedule(() -> {
                stallTimer = null;
                if (whenWritable != null) {
                    plane.metrics.clientClosed("write-timeout");
                    channel.close();
                }
            }, ms, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            resumeUpstream();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void resumeUpstream() {
        if (stallTimer != null) {
            stallTimer.cancel(false);
            stallTimer = null;
        }
        Runnable resume = whenWritable;
        whenWritable = null;
        if (resume != null) {
            resume.run();
        }
    }

    /** The client's address, for {@code X-Forwarded-For}. */
    String remote() {
        if (remote == null) {
            remote = channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress()
                    : String.valueOf(channel.remoteAddress());
        }
        return remote;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The worker's side reads again: what is left of the answer drains and is dropped.
        resumeUpstream();
        NettyExchange x = current;
        if (x != null && !x.done) {
            x.closed();
            x.releaseBody();
        }
        if (pipelined != null) {
            pipelined.forEach(ReferenceCountUtil::safeRelease);
            pipelined.clear();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.atWarn().setCause(cause).log("client connection error");
        }
        ctx.close();
    }
}
