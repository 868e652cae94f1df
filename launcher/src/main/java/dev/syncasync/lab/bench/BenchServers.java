package dev.syncasync.lab.bench;

import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.common.config.AsyncWorkerConfig;
import dev.syncasync.common.server.WorkerInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The system under test in a {@link Layout}: one async worker with one event loop in this JVM,
 * and the balancer in front of it with that worker as its only backend, in this JVM (shared) or
 * in its own JVM on its own core (pinned, with this JVM pinned to another). Both paths end at the
 * same worker, so the difference between them is the balancer.
 */
final class BenchServers implements AutoCloseable {

    /** No io wait, no cpu burn: the worker answers at once, so only the HTTP hops are measured. */
    static final String URI = "/work";
    private static final String HOST = "127.0.0.1";
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final Layout layout;
    private final AsyncWorker worker;
    private final long workerThread;
    private final BalancerUnderTest balancer;
    /** The cores to give this JVM back when a pinned run ends; empty when it was not pinned. */
    private final List<Integer> unpinTo;

    private BenchServers(Layout layout, AsyncWorker worker, long workerThread, BalancerUnderTest balancer,
                         List<Integer> unpinTo) {
        this.layout = layout;
        this.worker = worker;
        this.workerThread = workerThread;
        this.balancer = balancer;
        this.unpinTo = unpinTo;
    }

    /**
     * Starts both servers in {@code layout}. If pinning this JVM fails, prints why on {@code out}
     * and starts the shared layout instead; {@link #layout()} says which one runs.
     */
    static BenchServers start(Layout layout, PrintStream out) throws IOException {
        if (!layout.pinned()) {
            return start(layout, null, List.of());
        }
        Path taskset = Taskset.find().orElse(null);
        List<Integer> allowed = Taskset.allowedCpus();
        try {
            if (taskset == null) {
                throw new Taskset.PinFailed("taskset is not on the PATH");
            }
            // First, so every thread this JVM starts from now on (worker, client, JIT) stays there.
            Taskset.pinThisProcess(taskset, Integer.toString(layout.clientCpu()));
        } catch (Taskset.PinFailed e) {
            Layout shared = layout.fallBack(e.getMessage());
            out.println("bench: " + shared.describe());
            return start(shared, null, List.of());
        }
        return start(layout, taskset, allowed);
    }

    private static BenchServers start(Layout layout, Path taskset, List<Integer> unpinTo) throws IOException {
        Set<Long> before = InProcessBalancer.eventLoops();
        AsyncWorker worker = AsyncWorker.start(new AsyncWorkerConfig("async-bench", HOST, 0, 1, false));
        long workerThread = InProcessBalancer.newEventLoop(before);
        try {
            BalancerUnderTest balancer = layout.pinned()
                    ? BalancerProcess.start(taskset, layout.balancerCpu(), HOST, worker.port())
                    : InProcessBalancer.start(WorkerInfo.of(worker));
            return new BenchServers(layout, worker, workerThread, balancer, unpinTo);
        } catch (IOException | RuntimeException e) {
            worker.shutdown(Duration.ZERO);
            unpin(unpinTo);
            throw e;
        }
    }

    /** The layout really running. */
    Layout layout() {
        return layout;
    }

    /** A meter of the event loops under test, the client's included, in this JVM and the balancer's. */
    CpuMeter meter(long clientThread) {
        long[] threads = JvmSample.threads(clientThread, balancer.localThread(), workerThread);
        return new CpuMeter(threads, layout.pinned() ? balancer::sampleOwnJvm : null);
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
            balancer.close();
        } finally {
            try {
                worker.shutdown(GRACE);
            } finally {
                unpin(unpinTo);
            }
        }
    }

    /** Gives this JVM its cores back, so a run after this one (--compare-shared) is not pinned. */
    private static void unpin(List<Integer> cpus) {
        if (cpus.isEmpty()) {
            return;
        }
        try {
            Taskset.find().ifPresent(taskset -> Taskset.pinThisProcess(taskset, Taskset.list(cpus)));
        } catch (Taskset.PinFailed e) {
            System.err.println("bench: could not give this JVM its cores back: " + e.getMessage());
        }
    }
}
