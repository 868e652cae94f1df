package dev.syncasync.bench;

/**
 * The balancer a run measures: in this JVM ({@link InProcessBalancer}, the shared layout) or in a
 * JVM of its own on a core of its own ({@link BalancerProcess}, the pinned layout). Either way it
 * is {@code Balancer.start} with one event loop and the worker as its only backend.
 */
interface BalancerUnderTest extends AutoCloseable {

    /** Its client port on 127.0.0.1. */
    int port();

    /** Id of its event-loop thread in this JVM; -1 when it runs in another JVM or is unknown. */
    long localThread();

    /** The process id of its own JVM; -1 when it runs in this one. */
    long ownPid();

    /** The counters of its own JVM now; null when it runs in this one. */
    JvmSample sampleOwnJvm();

    /** Stops it; never throws. */
    @Override
    void close();
}
