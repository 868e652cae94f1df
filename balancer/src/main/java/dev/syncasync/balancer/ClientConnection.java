package dev.syncasync.balancer;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The timeouts of one client connection, in its Netty pipeline between the request decoder and
 * Vert.x. It sees every decoded request going up and every response going down, so it knows
 * which of three states the connection is in, and which timer runs:
 * <ul>
 *   <li>a request head is arriving (from its first byte, or from the opening of the connection for
 *       its first request): it must be complete within {@code client-header-timeout-ms}, or the
 *       client gets a 408 and the connection closes (silently when not one byte came: a client
 *       that connected and said nothing);</li>
 *   <li>a request body is arriving: it may not pause longer than that same timeout;</li>
 *   <li>nothing is arriving and every request has been answered: after
 *       {@code client-idle-timeout-ms} the keep-alive connection closes.</li>
 * </ul>
 * While the balancer works on an answer (queue, worker) no client timer runs: the queue and
 * response timeouts bound that. Confined to the connection's event loop.
 */
final class ClientConnection extends ChannelDuplexHandler {

    /** What the connection waits for from its client now: at most one of these at a time. */
    private enum Wait { NOTHING, HEAD, BODY, IDLE }

    private final long headerTimeoutMs;
    private final long idleTimeoutMs;
    /** The shorter timeout: a timer set this far ahead never fires after any deadline set later. */
    private final long tickMs;
    /** Told why a connection was closed by a timer ("header-timeout", "body-timeout", "idle-timeout"). */
    private final Consumer<String> closed;
    private ChannelHandlerContext ctx;
    private Wait waiting = Wait.NOTHING;
    private long deadlineNanos;
    /**
     * The one timer, checking {@link #waiting} against {@link #deadlineNanos} when it fires. Each
     * request moves the deadline three times (head, body, idle); a timer scheduled and cancelled
     * for each move cost every request three tasks in the loop's queue, so the move only writes a
     * field, and the timer, never set more than {@link #tickMs} ahead, fires at or before any
     * deadline set since and waits on for what is left.
     */
    private ScheduledFuture<?> timer;
    /** Heads passed up to Vert.x, and responses written back complete: equal when nothing is outstanding. */
    private long requests;
    private long responses;
    /** A head was decoded and the end of its body was not yet. */
    private boolean receiving;
    /** At least one byte of the head now awaited arrived. */
    private boolean headBytes;
    /** A timer fired while answers were still owed: close once they are written. */
    private boolean closeWhenAnswered;

    ClientConnection(int headerTimeoutMs, int idleTimeoutMs, Consumer<String> closed) {
        this.headerTimeoutMs = headerTimeoutMs;
        this.idleTimeoutMs = idleTimeoutMs;
        this.tickMs = Math.min(headerTimeoutMs, idleTimeoutMs);
        this.closed = closed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        // The first request's head is due within the header timeout of the connection's opening.
        await(Wait.HEAD, headerTimeoutMs);
    }

    /** The request decoder holds bytes of a new request head (called before it decodes them). */
    void headStarted() {
        headBytes = true;
        if (waiting != Wait.HEAD) {
            await(Wait.HEAD, headerTimeoutMs);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof HttpRequest) {
            requests++;
            headBytes = false;
            receiving = true;
        }
        if (msg instanceof HttpContent && receiving) {
            if (msg instanceof LastHttpContent) {
                receiving = false;
                waiting = Wait.NOTHING;
                idleIfQuiet();
            } else {
                await(Wait.BODY, headerTimeoutMs);
            }
        } else if (msg instanceof HttpRequest) {
            await(Wait.BODY, headerTimeoutMs);
        }
        context.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
        context.write(msg, promise);
        if (msg instanceof LastHttpContent) {
            responses++;
            if (closeWhenAnswered && responses >= requests) {
                context.flush();
                context.close();
            } else {
                idleIfQuiet();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        waiting = Wait.NOTHING;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        context.fireChannelInactive();
    }

    /** Starts the keep-alive wait when nothing arrives and nothing is owed. */
    private void idleIfQuiet() {
        if (!receiving && waiting != Wait.HEAD && waiting != Wait.IDLE && responses >= requests) {
            await(Wait.IDLE, idleTimeoutMs);
        }
    }

    /** From now on the connection waits for {@code what}, at most {@code timeoutMs}. */
    private void await(Wait what, long timeoutMs) {
        waiting = what;
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        if (timer == null) {
            timer = ctx.executor().schedule(this::check, tickMs, TimeUnit.MILLISECONDS);
        }
    }

    /** The timer: acts on the wait whose deadline passed, or waits on for what is left of it. */
    private void check() {
        timer = null;
        if (waiting == Wait.NOTHING || !ctx.channel().isActive()) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            // At most a tick ahead, whatever is left: a shorter wait may begin meanwhile (a head
            // arriving on a connection that waits idle) and its deadline must not pass unseen.
            timer = ctx.executor().schedule(this::check, Math.min(left, TimeUnit.MILLISECONDS.toNanos(tickMs)),
                    TimeUnit.NANOSECONDS);
            return;
        }
        Wait expired = waiting;
        waiting = Wait.NOTHING;
        switch (expired) {
            case HEAD -> headTimedOut();
            case BODY -> bodyTimedOut();
            case IDLE -> {
                closed.accept("idle-timeout");
                ctx.close();
            }
            default -> throw new IllegalStateException(expired.name());
        }
    }

    private void headTimedOut() {
        if (responses < requests) {
            // Answers to earlier (pipelined) requests go first; then the connection closes.
            closeWhenAnswered = true;
        } else if (headBytes) {
            refuse("header-timeout", "the request head did not arrive within balancer.client-header-timeout-ms ("
                    + headerTimeoutMs + " ms)");
        } else {
            closed.accept("header-timeout");
            ctx.close();
        }
    }

    private void bodyTimedOut() {
        if (responses >= requests) {
            // Already answered (a 413 on its Content-Length, say): nothing more to say.
            closed.accept("body-timeout");
            ctx.close();
        } else if (responses + 1 < requests) {
            closeWhenAnswered = true;
        } else {
            refuse("body-timeout", "the request body paused longer than balancer.client-header-timeout-ms ("
                    + headerTimeoutMs + " ms)");
        }
    }

    /** 408 with a JSON body, then close: the request never reached Vert.x, so the answer is written here. */
    private void refuse(String reason, String message) {
        closed.accept(reason);
        ClientEdge.writeAndClose(ctx, HttpResponseStatus.REQUEST_TIMEOUT, message);
    }
}
