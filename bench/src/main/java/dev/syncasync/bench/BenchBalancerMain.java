package dev.syncasync.bench;

import dev.syncasync.config.Topology;
import dev.syncasync.server.Mains;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.server.WorkerServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The balancer's JVM in the pinned layout, started by {@link BalancerProcess}:
 * {@code java -cp lab.jar dev.syncasync.bench.BenchBalancerMain HOST PORT}. It runs the
 * same {@link InProcessBalancer} the shared layout runs (one event loop, the worker at HOST:PORT
 * its only backend) and speaks a line protocol on its standard streams: it prints
 * {@code bench-balancer ready PORT} once it listens; each {@code sample} line read gets a
 * {@code bench-balancer sample ...} line with this JVM's counters ({@link JvmSample}). At the end
 * of its input, the bench's {@code stop} or the bench's death, it stops and exits.
 */
public final class BenchBalancerMain {

    /** Starts every line meant for the bench; anything else the JVM prints is its log. */
    static final String PREFIX = "bench-balancer ";

    private BenchBalancerMain() {
    }

    public static void main(String[] args) {
        Mains.run("bench-balancer", () -> serve(args));
        // Exit even if a library left a non-daemon thread behind: the bench waits for this process.
        System.exit(0);
    }

    private static void serve(String[] args) throws IOException {
        if (args.length != 2 || !args[1].matches("\\d{1,5}")) {
            throw new IllegalArgumentException("usage: BenchBalancerMain WORKER_HOST WORKER_PORT");
        }
        WorkerInfo worker = new WorkerInfo("async-bench", Topology.ASYNC, args[0], Integer.parseInt(args[1]),
                WorkerServer.UNLIMITED);
        PrintStream out = System.out;
        try (InProcessBalancer balancer = InProcessBalancer.start(worker)) {
            long[] threads = JvmSample.threads(-1, balancer.localThread(), -1);
            reply(out, "ready " + balancer.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
                if (line.equals("sample")) {
                    reply(out, "sample " + JvmSample.take(threads).encode());
                }
            }
        }
    }

    private static void reply(PrintStream out, String line) {
        out.println(PREFIX + line);
        out.flush();
    }
}
