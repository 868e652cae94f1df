package dev.syncasync.balancer;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a worker stops getting requests, telling slow from dead:
 * <ul>
 *   <li>a refused connection ejects it at once, whatever its pool: nothing listens there;</li>
 *   <li>anything else (a connect timeout, a reset, no answer in time, failed health checks)
 *       ejects it only after enough failures in a row ({@code eject-after-failures} requests, or
 *       {@code health-failures} checks), and only within {@code max-ejected-percent} of its pool,
 *       keeping at least one ready worker: a pool whose workers are all slow is better served
 *       slowly than refused, and one slow connect is not a dead worker;</li>
 *   <li>the requests already at an ejected worker are given up on (a GET retried elsewhere,
 *       anything else 504) only if it has gone silent, answering nothing at all, not even a
 *       health check, for {@code health-failures x health-interval-ms} (2 s by default): paused,
 *       hung or cut off. A busy worker still finishes what it holds.</li>
 * </ul>
 * An ejected worker comes back when its health check passes. Called from the data-plane loops and
 * the health checks, always under the dispatcher's monitor.
 */
final class Ejection {

    private static final Logger LOG = LoggerFactory.getLogger(Ejection.class);

    private final BalancerConfig config;
    private final Dispatcher dispatcher;
    private final long silenceNanos;
    private Forwarder forwarder;

    Ejection(BalancerConfig config, Dispatcher dispatcher) {
        this.config = config;
        this.dispatcher = dispatcher;
        // As long as the health checks take to declare a worker failed: a busy event loop that
        // finishes a request now and then, even on a machine short of cores, is not silent that long.
        this.silenceNanos = TimeUnit.MILLISECONDS.toNanos((long) config.healthFailures() * config.healthIntervalMs());
    }

    void forwarder(Forwarder f) {
        this.forwarder = f;
    }

    /** A request failed at {@code backend} without a refusal; enough in a row eject it, within its pool's share. */
    void failed(Backend backend, String reason) {
        synchronized (dispatcher) {
            int inARow = backend.failed();
            if (inARow >= config.ejectAfterFailures()) {
                eject(backend, inARow + " requests failed in a row, the last: " + reason, false);
            }
        }
    }

    /**
     * Stops sending new requests to {@code backend}, unless that would eject more than the
     * pool's share or leave it without a ready worker; a {@code refused} one is out regardless.
     *
     * @return true when it was ejected
     */
    boolean eject(Backend backend, String reason, boolean refused) {
        synchronized (dispatcher) {
            if (!dispatcher.contains(backend) || backend.state() != BackendState.READY) {
                return false;
            }
            if (!refused && !mayEject(backend.info.kind())) {
                if (backend.firstTimeKept()) {
                    LOG.atWarn().log(() -> "worker " + backend.id() + " stays in the " + backend.info.kind().label()
                            + " pool although " + reason + ": ejecting it would leave too few (balancer."
                            + "max-ejected-percent = " + config.maxEjectedPercent()
                            + ", and one ready worker always stays)");
                }
                return false;
            }
            backend.state(BackendState.EJECTED);
            LOG.atWarn().log(() -> "worker " + backend.id() + " ejected: " + reason);
            abandonIfSilent(backend);
            return true;
        }
    }

    /** Gives up on the requests at an ejected worker that answered nothing for health-failures x health-interval. */
    void abandonIfSilent(Backend backend) {
        synchronized (dispatcher) {
            if (backend.state() == BackendState.EJECTED && backend.silentFor(silenceNanos)) {
                for (Attempt attempt : backend.attempts()) {
                    forwarder.abandon(attempt);
                }
            }
        }
    }

    /** Whether one more worker of {@code pool} may be ejected: within the share, and one ready worker left. */
    private boolean mayEject(Topology pool) {
        int size = 0;
        int ejected = 0;
        int ready = 0;
        for (Backend b : dispatcher.backends()) {
            if (b.info.kind() == pool) {
                size++;
                ejected += b.state() == BackendState.EJECTED ? 1 : 0;
                ready += b.state() == BackendState.READY ? 1 : 0;
            }
        }
        return ready > 1 && (ejected + 1) * 100L <= (long) size * config.maxEjectedPercent();
    }
}
