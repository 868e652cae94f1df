package dev.syncasync.balancer;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.work.Millis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue of the reference's diagram: requests wait here, first in first out, while every
 * worker of the active pool is at its in-flight limit. Bounded in length and in time.
 *
 * <p>Its monitor is the balancer's one FIFO gate: every method holds it, and so does
 * everything else that reads or changes a worker's state ({@link Backend}, {@link Ejection},
 * the health checks, the admin API). The data-plane loops enter it twice per request (admission,
 * release) for a few lines each; no I/O waits under it (a send it decides is handed to the
 * request's own loop). FIFO is exact in the order requests enter it, that is, from the moment a
 * request is complete at the balancer.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Vertx vertx;
    private final BalancerConfig config;
    private final Selector selector;
    private final Responder responder;
    private final BalancerMetrics metrics;
    private final Promise<Void> idleAfterClose = Promise.promise();
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Reused by {@link #pick}: the event loop is the only caller, so one list serves every request. */
    private final List<Backend> candidates = new ArrayList<>();
    private Forwarder forwarder;
    private Topology active;
    /** Live entries in {@link #queue}; entries given up on are skipped lazily, not searched for. */
    private int waiting;
    /** Requests at workers, also at workers removed since they were dispatched. */
    private int inFlight;
    private boolean closing;
    private SwitchListener switchListener = (from, to, atUs) -> { };

    Dispatcher(Vertx vertx, BalancerConfig config, Topology active, Responder responder, BalancerMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.config = config;
        this.active = active;
        this.responder = responder;
        this.selector = Selector.of(config.policy());
    }

    synchronized void forwarder(Forwarder f) {
        this.forwarder = f;
    }

    /** A new request: straight to a worker if one has a free slot and nobody waits, else queued. */
    synchronized void submit(Pending p) {
        Backend free;
        if (closing) {
            responder.reject(p, "shutting-down", "the balancer is shutting down");
        } else if (readyWorkers(active) == 0) {
            responder.reject(p, "no-worker", "no ready worker in the " + active.label() + " pool");
        } else if (waiting >= config.maxQueue() && !(waiting == 0 && pick(p) != null)) {
            responder.reject(p, "queue-full", waiting + " requests are already waiting (balancer.max-queue = "
                    + config.maxQueue() + ")");
        } else if (waiting == 0 && (free = pick(p)) != null) {
            // The common case under light load: nobody waits and a slot is free. No timer, no queue.
            forwarder.forward(p, free);
        } else {
            enqueue(p, false);
            p.client.onClose(() -> abandon(p));
            drain();
        }
    }

    /** A request that could not be delivered goes back to the head: it keeps its place in line. */
    synchronized void requeue(Pending p) {
        enqueue(p, true);
    }

    /** Sends waiting requests, oldest first, while the active pool has free slots. */
    synchronized void drain() {
        sendWaiting();
        checkIdle();
    }

    private void sendWaiting() {
        while (!queue.isEmpty()) {
            Pending head = queue.peekFirst();
            if (head.finished || !head.queued) {
                queue.pollFirst();
                continue;
            }
            Backend backend = pick(head);
            if (backend == null) {
                if (untriedReady(head) == 0) {
                    dequeue(head);
                    noWorkerLeft(head);
                    continue;
                }
                return;
            }
            dequeue(head);
            forwarder.forward(head, backend);
        }
    }

    /**
     * No ready worker of the active pool is left to try. A request that never reached one (the
     * pool emptied or the topology switched to an empty pool while it waited) gets the same 503
     * as one arriving at an empty pool; 502 is for a request every worker failed.
     */
    private void noWorkerLeft(Pending p) {
        if (!p.triedAny()) {
            responder.reject(p, "no-worker", "no ready worker in the " + active.label() + " pool");
        } else {
            responder.fail(p, 502, "no worker of the " + active.label() + " pool could take the request");
        }
    }

    /** Marks {@code p} as sent to {@code backend}: takes a slot and stamps the dispatch time. */
    synchronized Attempt dispatched(Pending p, Backend backend) {
        Attempt attempt = backend.acquire(p);
        p.backend = backend;
        p.slot = attempt.slot;
        p.attempts++;
        p.dispatchNanos = System.nanoTime();
        p.dispatchUs = Millis.nowMicros();
        inFlight++;
        return attempt;
    }

    /** The worker is done with {@code attempt} (answered, failed, given up): frees the slot for the next in line. */
    synchronized void released(Attempt attempt, boolean ok) {
        attempt.backend.release(attempt, ok);
        inFlight--;
        drain();
    }

    private void enqueue(Pending p, boolean atHead) {
        p.queued = true;
        waiting++;
        if (atHead) {
            queue.addFirst(p);
        } else {
            queue.addLast(p);
        }
        if (p.timerId < 0) {
            // A retried request keeps the time it already spent: the bound is from arrival.
            long elapsedMs = (System.nanoTime() - p.arrivalNanos) / 1_000_000;
            long remaining = config.queueTimeoutMs() - elapsedMs;
            p.timerId = vertx.setTimer(Math.max(1, remaining), id -> expire(p));
        }
    }

    private void dequeue(Pending p) {
        queue.pollFirst();
        p.queued = false;
        waiting--;
        vertx.cancelTimer(p.timerId);
        p.timerId = -1;
    }

    private synchronized void expire(Pending p) {
        p.timerId = -1;
        if (p.queued && !p.finished) {
            p.queued = false;
            waiting--;
            responder.reject(p, "queue-timeout", "waited " + config.queueTimeoutMs()
                    + " ms in the queue (balancer.queue-timeout-ms)");
            checkIdle();
        }
    }

    /** The client hung up: a waiting request leaves the queue; one at a worker finishes there. */
    private synchronized void abandon(Pending p) {
        if (p.queued && !p.finished) {
            p.queued = false;
            waiting--;
            vertx.cancelTimer(p.timerId);
            responder.gone(p);
            checkIdle();
        }
    }

    private Backend pick(Pending p) {
        candidates.clear();
        for (Backend b : backends.values()) {
            if (b.info.kind() == active && b.hasFreeSlot() && !p.triedOn(b)) {
                candidates.add(b);
            }
        }
        return candidates.isEmpty() ? null : selector.pick(candidates);
    }

    private int untriedReady(Pending p) {
        int count = 0;
        for (Backend b : backends.values()) {
            if (b.info.kind() == active && b.state() == BackendState.READY && !p.triedOn(b)) {
                count++;
            }
        }
        return count;
    }

    synchronized int readyCount() {
        int count = 0;
        for (Topology pool : Topology.values()) {
            count += readyWorkers(pool);
        }
        return count;
    }

    /** Whether a shutdown has begun: new requests get 503 (readiness is DOWN). */
    synchronized boolean closing() {
        return closing;
    }

    synchronized int readyWorkers(Topology pool) {
        int count = 0;
        for (Backend b : backends.values()) {
            if (b.info.kind() == pool && b.state() == BackendState.READY) {
                count++;
            }
        }
        return count;
    }

    /** Adds (or replaces) a worker; it takes requests at once when {@code ready}. */
    synchronized Backend add(WorkerInfo info, BackendState state) {
        int capacity = config.inFlightLimit() > 0 ? config.inFlightLimit() : info.capacity();
        // One connection per request in flight caps a worker at max-connections-per-worker; h2c
        // multiplexes them on a few connections, so it leaves the worker's own capacity.
        boolean multiplexed = config.dataPlane().equals("netty") && config.upstream(info.kind()).equals("h2c");
        Backend backend = new Backend(info, multiplexed ? capacity : Math.min(capacity, config.maxConnectionsPerWorker()),
                state);
        Backend previous = backends.put(info.id(), backend);
        if (previous != null) {
            metrics.workerRemoved(info.id());
        }
        metrics.workerAdded(backend);
        LOG.atInfo().log(() -> "worker " + info.id() + " (" + info.kind().label() + ") at " + info.address()
                + (multiplexed && info.h2cPort() > 0 ? " (h2c at " + info.h2cAddress() + ")" : "")
                + ", in-flight limit " + backend.limit + ", " + state.label());
        drain();
        return backend;
    }

    /** Stops routing to a worker; requests it is serving finish there. */
    synchronized Backend remove(String id) {
        Backend removed = backends.remove(id);
        if (removed != null) {
            removed.state(BackendState.DRAINING);
            metrics.workerRemoved(id);
            LOG.atInfo().log(() -> "worker " + id + " removed");
        }
        return removed;
    }

    synchronized void topology(Topology next) {
        if (next != active) {
            long atUs = Millis.nowMicros();
            LOG.atInfo().log(() -> "topology " + active.label() + " -> " + next.label() + "; " + waiting
                    + " waiting requests go to the " + next.label() + " pool, " + inFlight + " in flight finish where they are");
            switchListener.accept(active, next, atUs);
            active = next;
            drain();
        }
    }

    /** Told of every switch of the active pool (the timeline draws them). */
    interface SwitchListener {
        void accept(Topology from, Topology to, long atUs);
    }

    synchronized void onSwitch(SwitchListener listener) {
        this.switchListener = listener;
    }

    synchronized Topology topology() {
        return active;
    }

    synchronized Iterable<Backend> backends() {
        return backends.values();
    }

    /** A copy of the workers, for iterating while the map may change. */
    synchronized java.util.Collection<Backend> backendList() {
        return List.copyOf(backends.values());
    }

    /** Whether {@code backend} is still the registered worker for its id. */
    synchronized boolean contains(Backend backend) {
        return backends.get(backend.id()) == backend;
    }

    synchronized Backend backend(String id) {
        return backends.get(id);
    }

    /** Whether a ready worker of the active pool other than {@code except}, not yet tried by {@code p}, exists. */
    synchronized boolean hasAnotherReady(Pending p, Backend except) {
        for (Backend b : backends.values()) {
            if (b != except && b.info.kind() == active && b.state() == BackendState.READY && !p.triedOn(b)) {
                return true;
            }
        }
        return false;
    }

    synchronized int waiting() {
        return waiting;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /**
     * Refuses new requests from now on; waiting and in-flight ones are still served.
     *
     * @return completes when the last of them has been answered
     */
    synchronized Future<Void> close() {
        closing = true;
        checkIdle();
        return idleAfterClose.future();
    }

    private void checkIdle() {
        if (closing && waiting == 0 && inFlight == 0) {
            idleAfterClose.tryComplete();
        }
    }
}
