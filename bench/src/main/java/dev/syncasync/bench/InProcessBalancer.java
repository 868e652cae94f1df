package dev.syncasync.bench;

import dev.syncasync.balancer.Balancer;
import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer in the JVM that calls {@link #start}: {@code Balancer.start} with the defaults in
 * code on free ports, the async pool active, and one worker registered. The shared layout runs it
 * in the bench's JVM; the pinned layout runs it in {@link BenchBalancerMain}'s, so both layouts
 * measure the very same balancer.
 */
final class InProcessBalancer implements BalancerUnderTest {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessBalancer.class);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Balancer balancer;
    private final long thread;

    private InProcessBalancer(Balancer balancer, long thread) {
        this.balancer = balancer;
        this.thread = thread;
    }

    /** Starts it and routes to {@code worker}; returns once it listens. */
    static InProcessBalancer start(WorkerInfo worker) {
        Set<Long> before = eventLoops();
        Balancer balancer = Balancer.start(BalancerConfig.defaults().withEphemeralPorts(), Topology.ASYNC);
        long thread = newEventLoop(before);
        try {
            balancer.addWorker(worker);
        } catch (RuntimeException e) {
            balancer.shutdown(Duration.ZERO);
            throw e;
        }
        return new InProcessBalancer(balancer, thread);
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

    @Override
    public int port() {
        return balancer.port();
    }

    @Override
    public long localThread() {
        return thread;
    }

    @Override
    public long ownPid() {
        return -1;
    }

    @Override
    public JvmSample sampleOwnJvm() {
        return null;
    }

    @Override
    public void close() {
        try {
            balancer.shutdown(GRACE);
        } catch (RuntimeException e) {
            LOG.warn("the balancer did not stop cleanly", e);
        }
    }
}
