package dev.syncasync.lab.bench;

import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.balancer.Balancer;
import dev.syncasync.common.config.AsyncWorkerConfig;
import dev.syncasync.common.config.BalancerConfig;
import dev.syncasync.common.config.Topology;
import dev.syncasync.common.server.WorkerInfo;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The system under test, in this JVM: one async worker with one event loop, and the balancer
 * (its own Vertx, one event loop) in front of it with that worker as its only backend. Both
 * paths end at the same worker, so the difference between them is the balancer.
 */
final class BenchServers implements AutoCloseable {

    /** No io wait, no cpu burn: the worker answers at once, so only the HTTP hops are measured. */
    static final String URI = "/work";
    private static final String HOST = "127.0.0.1";
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final AsyncWorker worker;
    private final Balancer balancer;
    private final long workerThread;
    private final long balancerThread;

    private BenchServers(AsyncWorker worker, Balancer balancer, long workerThread, long balancerThread) {
        this.worker = worker;
        this.balancer = balancer;
        this.workerThread = workerThread;
        this.balancerThread = balancerThread;
    }

    static BenchServers start() {
        Set<Long> before = eventLoops();
        AsyncWorker worker = AsyncWorker.start(new AsyncWorkerConfig("async-bench", HOST, 0, 1, false));
        try {
            long workerThread = newEventLoop(before);
            before = eventLoops();
            Balancer balancer = Balancer.start(BalancerConfig.defaults().withEphemeralPorts(), Topology.ASYNC);
            long balancerThread = newEventLoop(before);
            balancer.addWorker(WorkerInfo.of(worker));
            return new BenchServers(worker, balancer, workerThread, balancerThread);
        } catch (RuntimeException e) {
            worker.shutdown(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Ids of the live Vert.x event-loop threads. Every Vertx names its loops alike, so the one a
     * server owns is told apart as the one that appeared when it started.
     */
    static Set<Long> eventLoops() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vert.x-eventloop-thread-"))
                .map(Thread::threadId)
                .collect(Collectors.toSet());
    }

    /** The one event loop started since {@code before}, or -1 if it is not exactly one. */
    static long newEventLoop(Set<Long> before) {
        Set<Long> now = eventLoops();
        now.removeAll(before);
        return now.size() == 1 ? now.iterator().next() : -1;
    }

    /** The worker's event loop thread, -1 if unknown. */
    long workerThread() {
        return workerThread;
    }

    /** The balancer's event loop thread, -1 if unknown. */
    long balancerThread() {
        return balancerThread;
    }

    Target direct() {
        return new Target("direct", HOST, worker.port(), URI);
    }

    Target viaBalancer() {
        return new Target("balancer", HOST, balancer.port(), URI);
    }

    @Override
    public void close() {
        try {
            balancer.shutdown(GRACE);
        } finally {
            worker.shutdown(GRACE);
        }
    }
}
