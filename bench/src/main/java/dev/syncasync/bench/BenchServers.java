package dev.syncasync.bench;

import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.server.WorkerInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The system under test in a {@link Layout}: one async worker with one event loop in this JVM,
 * and the balancer in front of it with that worker as its only backend, in this JVM (shared) or
 * in a JVM of its own (pinned). Both paths end at the same worker, so the difference between them
 * is the balancer.
 *
 * <p>Pinned, both JVMs start on every core and are pinned by {@link #pin()} once the warm-up is
 * over: pinned from the start, each JVM's compiler threads would share one core with the busy
 * event loops, and the first measured rounds would still run half-compiled code.
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
    /** taskset, when pinned; null when shared. */
    private final Path taskset;
    /** The cores this JVM had before it was pinned, to give back at the end. */
    private final List<Integer> allowed;
    private boolean pinned;

    private BenchServers(Layout layout, AsyncWorker worker, long workerThread, BalancerUnderTest balancer,
                         Path taskset, List<Integer> allowed) {
        this.layout = layout;
        this.worker = worker;
        this.workerThread = workerThread;
        this.balancer = balancer;
        this.taskset = taskset;
        this.allowed = allowed;
    }

    /**
     * Starts both servers in {@code layout}. If this process may not set its own affinity, prints
     * why on {@code out} and starts the shared layout instead; {@link #layout()} says which one runs.
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
            // A pin to the cores it has already: proves the kernel lets taskset do it, before anything starts.
            Taskset.pin(taskset, ProcessHandle.current().pid(), Taskset.list(allowed));
        } catch (Taskset.PinFailed e) {
            Layout shared = layout.fallBack(e.getMessage());
            out.println("bench: " + shared.describe());
            return start(shared, null, List.of());
        }
        return start(layout, taskset, allowed);
    }

    private static BenchServers start(Layout layout, Path taskset, List<Integer> allowed) throws IOException {
        Set<Long> before = InProcessBalancer.eventLoops();
        AsyncWorker worker = AsyncWorker.start(new AsyncWorkerConfig("async-bench", HOST, 0, 1, false));
        long workerThread = InProcessBalancer.newEventLoop(before);
        try {
            BalancerUnderTest balancer = layout.pinned() ? BalancerProcess.start(HOST, worker.port())
                    : InProcessBalancer.start(WorkerInfo.of(worker));
            return new BenchServers(layout, worker, workerThread, balancer, taskset, allowed);
        } catch (IOException | RuntimeException e) {
            worker.shutdown(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Pinned layout: this JVM (client, worker, and every thread it starts later) to its core, the
     * balancer's JVM to the other. Nothing to do when shared. Returns what it did, for the console.
     */
    String pin() {
        if (!layout.pinned() || pinned) {
            return "";
        }
        pinned = true;
        Taskset.pin(taskset, ProcessHandle.current().pid(), Integer.toString(layout.clientCpu()));
        Taskset.pin(taskset, balancer.ownPid(), Integer.toString(layout.balancerCpu()));
        return "pinned this JVM (pid " + ProcessHandle.current().pid() + ") to cpu " + layout.clientCpu()
                + " and the balancer's (pid " + balancer.ownPid() + ") to cpu " + layout.balancerCpu();
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
                unpin();
            }
        }
    }

    /** Gives this JVM its cores back, so a run after this one (--compare-shared) is not pinned. */
    private void unpin() {
        if (!pinned) {
            return;
        }
        try {
            Taskset.pin(taskset, ProcessHandle.current().pid(), Taskset.list(allowed));
        } catch (Taskset.PinFailed e) {
            System.err.println("bench: could not give this JVM its cores back: " + e.getMessage());
        }
    }
}
