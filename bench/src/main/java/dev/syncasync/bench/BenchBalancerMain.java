package dev.syncasync.bench;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import dev.syncasync.config.Topology;
import dev.syncasync.logging.Logging;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.server.WorkerServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The balancer's JVM in the pinned layout, started by {@link BalancerProcess}:
 * {@code java -cp lab.jar dev.syncasync.bench.BenchBalancerMain HOST PORT}. It runs the
 * same {@link InProcessBalancer} the shared layout runs (one event loop, the worker at HOST:PORT
 * its only backend) and speaks a line protocol on its standard streams: it prints
 * {@code bench-balancer ready PORT} once it listens; each {@code sample} line read gets a
 * {@code bench-balancer sample ...} line with this JVM's counters ({@link JvmSample}). At the end
 * of its input, the bench's {@code stop} or the bench's death, it stops and exits.
 */
@Command(name = "bench-balancer", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"The balancer's JVM of ./lab bench's pinned layout (started by the bench, not by hand): "
                + "prints 'bench-balancer ready PORT', answers each 'sample' line on stdin, stops at 'stop' or "
                + "the end of its input."})
public final class BenchBalancerMain implements Callable<Integer> {

    /** Starts every line meant for the bench; anything else the JVM prints is its log. */
    static final String PREFIX = "bench-balancer ";

    @Parameters(index = "0", paramLabel = "WORKER_HOST", description = "The async worker's host.")
    String host;

    @Parameters(index = "1", paramLabel = "WORKER_PORT", description = "The async worker's port.")
    int port;

    public static void main(String[] args) {
        Logging.init();
        // Exit even if a library left a non-daemon thread behind: the bench waits for this process.
        System.exit(Cli.execute(new BenchBalancerMain(), args));
    }

    @Override
    public Integer call() throws IOException {
        serve();
        return Cli.OK;
    }

    private void serve() throws IOException {
        WorkerInfo worker = new WorkerInfo("async-bench", Topology.ASYNC, host, port, WorkerServer.UNLIMITED);
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
