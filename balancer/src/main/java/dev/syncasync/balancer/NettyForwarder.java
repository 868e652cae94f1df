package dev.syncasync.balancer;

import dev.syncasync.work.Millis;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty data plane's way to a worker: the same rules as {@link VertxForwarder} (see
 * {@link Forwarder}), with the answer streamed. {@link #forward} is called under the
 * dispatcher's monitor and only hands the send to the request's own loop; every outcome
 * (answered, refused, failed, timed out, given up) is settled back under the monitor. The
 * attempt settles when the worker's head arrives: from then on the answer belongs to the
 * client, and a failure can only cut the connection.
 */
final class NettyForwarder implements Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(NettyForwarder.class);

    private final NettyPlane plane;
    private final Dispatcher dispatcher;
    private final Ejection ejection;
    private final Responder responder;
    private final int responseTimeoutMs;

    NettyForwarder(NettyPlane plane, Dispatcher dispatcher, Ejection ejection, Responder responder) {
        this.plane = plane;
        this.dispatcher = dispatcher;
        this.ejection = ejection;
        this.responder = responder;
        this.responseTimeoutMs = plane.config.responseTimeoutMs();
    }

    @Override
    public void forward(Pending p, Backend backend) {
        Attempt attempt = dispatcher.dispatched(p, backend);
        NettyExchange x = (NettyExchange) p.client;
        // Outside the monitor, on the request's own loop: no I/O under the gate.
        x.loop().execute(() -> send(attempt, x));
    }

    /** On the request's loop: the response timer, then the request on a connection to the worker. */
    private void send(Attempt attempt, NettyExchange x) {
        if (attempt.settled()) {
            return;
        }
        Pending p = attempt.pending;
        long deadlineMs = deadlineMs(p);
        EventLoop loop = x.loop();
        attempt.timer = loop.schedule(() -> timedOut(attempt, deadlineMs), deadlineMs, TimeUnit.MILLISECONDS);
        LoopUpstreams upstreams = plane.upstreams(loop);
        if (plane.config.upstream(attempt.backend.info.kind()).equals("h2c")) {
            upstreams.h2(attempt.backend).send(attempt, x);
        } else {
            upstreams.h1(attempt.backend).send(attempt, x);
        }
    }

    /** The longest a worker may take: the work the request asks for, plus {@code response-timeout-ms}. */
    private long deadlineMs(Pending p) {
        long work = p.work == null ? 0 : (long) p.work.ioMs() + p.work.dbMs() + p.work.cpuMs();
        return work + responseTimeoutMs;
    }

    /**
     * The worker's head arrived (on the loop). Settles the attempt and writes the head; false when
     * the attempt was settled already (given up on: the late answer is dropped) or the client left.
     */
    boolean head(Attempt attempt, NettyExchange x, HttpResponse response) {
        Pending p = attempt.pending;
        boolean write;
        synchronized (dispatcher) {
            if (!settle(attempt)) {
                return false;
            }
            attempt.backend.answered();
            attempt.status = response.status().code();
            p.responseStartUs = Millis.nowMicros();
            write = !p.finished && x.begin();
            if (!write) {
                responder.gone(p);
                dispatcher.released(attempt, true);
            }
        }
        if (write) {
            x.connection.responseHead(x, p, attempt, response);
        }
        return write;
    }

    /** A piece of the body of an answer {@link #head} accepted (on the loop); the last one releases the slot. */
    void content(Attempt attempt, NettyExchange x, HttpContent content) {
        x.connection.responseContent(x, content);
        if (content instanceof LastHttpContent) {
            synchronized (dispatcher) {
                responder.record(attempt.pending, attempt.status);
                dispatcher.released(attempt, true);
            }
        }
    }

    /** The answer broke off after its head was written (on the loop). */
    void broken(Attempt attempt, NettyExchange x, String reason) {
        x.connection.responseBroken(x);
        synchronized (dispatcher) {
            ejection.failed(attempt.backend, "request " + attempt.pending.id + " broke off: " + reason);
            responder.record(attempt.pending, 502);
            dispatcher.released(attempt, false);
        }
    }

    /** Nothing reached the worker (refused, unreachable, connect timeout): another worker may take it safely. */
    void notSent(Attempt attempt, Throwable cause) {
        synchronized (dispatcher) {
            if (!settle(attempt)) {
                return;
            }
            Backend backend = attempt.backend;
            boolean h2c = plane.config.upstream(backend.info.kind()).equals("h2c");
            String reason = "could not connect to " + (h2c ? backend.info.h2cAddress() : backend.info.address())
                    + " (" + cause.getMessage() + ")";
            if (cause instanceof ConnectException && !(cause instanceof ConnectTimeoutException)) {
                // Refused: nothing listens there. Dead, not slow: out at once, whatever the pool's share.
                backend.failed();
                ejection.eject(backend, reason, true);
            } else {
                ejection.failed(backend, reason);
            }
            LOG.atDebug().log(() -> "request " + attempt.pending.id + " not sent to " + backend.id()
                    + "; trying another worker");
            retryElsewhere(attempt);
        }
    }

    /**
     * The worker refused the request without working on it (h2c {@code REFUSED_STREAM}, or a
     * stream above the last one a {@code GOAWAY} names): another worker may take it, whatever its
     * method, and it is no failure of this one (a worker that stops says so).
     */
    void refused(Attempt attempt, String reason) {
        synchronized (dispatcher) {
            if (!settle(attempt)) {
                return;
            }
            LOG.atDebug().log(() -> "request " + attempt.pending.id + " refused by " + attempt.backend.id() + " ("
                    + reason + "); trying another worker");
            retryElsewhere(attempt);
        }
    }

    /** Sent, then the connection or stream failed before the answer's head. */
    void sentAndFailed(Attempt attempt, String cause) {
        synchronized (dispatcher) {
            if (!settle(attempt)) {
                return;
            }
            ejection.failed(attempt.backend, "request " + attempt.pending.id + " failed: " + cause);
            giveUp(attempt, 502, "failed", "worker " + attempt.backend.id() + " failed: " + cause);
        }
    }

    private void timedOut(Attempt attempt, long deadlineMs) {
        synchronized (dispatcher) {
            if (!settle(attempt)) {
                return;
            }
            Backend backend = attempt.backend;
            String message = "worker " + backend.id() + " did not answer within " + deadlineMs
                    + " ms (the request's io + cpu + balancer.response-timeout-ms)";
            ejection.failed(backend, "request " + attempt.pending.id + " timed out");
            giveUp(attempt, 504, "response-timeout", message);
        }
    }

    @Override
    public void abandon(Attempt attempt) {
        synchronized (dispatcher) {
            if (!settle(attempt)) {
                return;
            }
            giveUp(attempt, 504, "worker-ejected", "worker " + attempt.backend.id()
                    + " was ejected (no answer to anything, health checks failing) while serving the request");
        }
    }

    /**
     * After the request may have reached the worker: a GET is retried once on another worker,
     * anything else (or a GET already retried, or with no other ready worker) gets {@code status}.
     */
    private void giveUp(Attempt attempt, int status, String reason, String message) {
        Pending p = attempt.pending;
        Runnable reset = attempt.reset;
        if (reset != null) {
            // Stop the exchange at the worker: a late answer must not reach a connection or stream reused later.
            ((NettyExchange) p.client).loop().execute(reset);
        }
        if (p.isGet() && !p.resent && !p.finished && dispatcher.hasAnotherReady(p, attempt.backend)) {
            p.resent = true;
            LOG.atWarn().log(() -> message + "; retrying GET " + p.id + " once on another worker (" + reason + ")");
            retryElsewhere(attempt);
            return;
        }
        LOG.atWarn().log(() -> message + "; request " + p.id + " gets " + status);
        if (status == 504) {
            responder.gatewayTimeout(p, reason, message);
        } else {
            responder.fail(p, status, message);
        }
        dispatcher.released(attempt, false);
    }

    /** Marks the attempt settled and cancels its response timer; false when something settled it first. */
    private static boolean settle(Attempt attempt) {
        if (!attempt.settle()) {
            return false;
        }
        if (attempt.timer != null) {
            attempt.timer.cancel(false);
        }
        return true;
    }

    private void retryElsewhere(Attempt attempt) {
        Pending p = attempt.pending;
        p.triedAndFailed(attempt.backend);
        if (p.finished) {
            dispatcher.released(attempt, false);
            return;
        }
        // Back to the head of the queue before the slot is freed, so it keeps its place in line.
        dispatcher.requeue(p);
        dispatcher.released(attempt, false);
    }
}
