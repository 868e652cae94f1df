package dev.syncasync.cli;

import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.registry.JoinedWorker;
import dev.syncasync.server.WorkerServer;
import dev.syncasync.syncworker.SyncWorker;
import dev.syncasync.syncworker.VirtualWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./lab worker sync|async|virtual [--join HOST[:PORT]] [--config FILE] [--id ID] [--port N] [--h2c-port N]}:
 * one more worker that joins a running lab through its registry, takes traffic once its
 * health check passes, and leaves gracefully on Ctrl-C.
 */
@Command(name = "worker", header = "Start one more worker that joins a running lab.",
        mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"It joins through the registry, takes traffic once the balancer's health check passes, and "
                + "leaves gracefully on Ctrl-C."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:left the lab after Ctrl-C or SIGTERM", "1:it failed at run time (no registry to join)",
            "2:a bad option or config file"})
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "sync|async|virtual", completionCandidates = Kinds.class,
            description = "The kind of worker: a fixed pool of blocking threads, event loops, or the blocking "
                    + "handler with a virtual thread per request.")
    String kind;

    @Option(names = "--join", paramLabel = "HOST[:PORT][,...]",
            description = "The registry to join (default: registry.members of the config).")
    String join;

    @Option(names = "--config", paramLabel = "FILE", description = "The topology (default: ${DEFAULT-VALUE}).")
    Path config = Path.of("config/topology.yml");

    @Option(names = "--id", paramLabel = "ID", description = "The worker's id (default: a unique one).")
    String id;

    @Option(names = "--port", paramLabel = "N", description = "The HTTP port (default: 0, a free one).")
    int port;

    @Option(names = "--h2c-port", paramLabel = "N",
            description = "async only: the port of its h2c listener for the balancer (default: 0, a free one; "
                    + "the registry tells the balancer).")
    int h2cPort;

    @Override
    public Integer call() throws InterruptedException {
        Topology topology = Topology.BY_NAME.get(kind);
        if (topology == null) {
            throw Cli.usage(spec, "the kind of worker is sync, async or virtual, got '" + kind + "'");
        }
        Cli.inRange(spec, "--port", port, 0, 65_535);
        Cli.inRange(spec, "--h2c-port", h2cPort, 0, 65_535);
        if (h2cPort != 0 && topology != Topology.ASYNC) {
            throw Cli.usage(spec, "--h2c-port is for an async worker; a " + kind + " worker serves h2c on its --port");
        }
        LabConfig lab = ConfigLoader.load(config);
        String workerId = id != null ? id : JoinedWorker.uniqueId(kind);
        List<String> members = join != null ? List.of(join.split("\\s*,\\s*")) : lab.registry().members();
        WorkerServer worker = switch (topology) {
            case SYNC -> SyncWorker.start(lab.sync().worker(0).with(workerId, port), lab.db());
            case ASYNC -> AsyncWorker.start(lab.async().worker(0).with(workerId, port, h2cPort), lab.db());
            case VIRTUAL -> VirtualWorker.start(lab.virtual().worker(0).with(workerId, port), lab.db());
        };
        try {
            JoinedWorker.join(worker, lab.registry(), members, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            worker.shutdown(Duration.ZERO);
            throw e;
        }
        System.out.println(worker.id() + " (" + kind + ", capacity "
                + (worker.capacity() == WorkerServer.UNLIMITED ? "unlimited" : worker.capacity()) + ") on "
                + worker.url() + " joined the lab at " + String.join(", ", members)
                + "; it takes traffic once the balancer's health check passes. Ctrl-C leaves gracefully.");
        new CountDownLatch(1).await();
        return Cli.OK;
    }

    /** Completion candidates of the kind. */
    static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("sync", "async", "virtual").iterator();
        }
    }
}
