package dev.syncasync.asyncworker;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.logging.Logging;
import dev.syncasync.registry.JoinedWorker;
import dev.syncasync.server.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs one async worker: {@code java -jar async-worker.jar [--config FILE] [--id ID] [--port N]
 * [--h2c-port N] [--event-loops N] [--offload true|false] [--join HOST[:PORT]]}. Settings come from the
 * {@code async:} section of the file (its first worker) or the defaults in code (one event loop
 * per CPU), both with LAB_* environment overrides; options override them. A bad file or
 * option exits with code 2.
 */
@Command(name = "async-worker", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"One async worker: Vert.x event loops (java -jar async-worker/target/async-worker.jar).",
            "Settings come from the async: section of the file (its first worker) or the defaults in code "
                + "(one event loop per CPU); options override them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:running until SIGTERM, which lets the requests in flight finish",
            "1:it failed at run time", "2:a bad option or config file"})
public final class AsyncWorkerMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncWorkerMain.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    WorkerOptions options = new WorkerOptions();

    @Option(names = "--h2c-port", paramLabel = "N",
            description = "The port of its h2c listener for the balancer (default: async.h2c-base-port, 0 = a free one).")
    Integer h2cPort;

    @Option(names = "--event-loops", paramLabel = "N", description = "Event loops of this worker.")
    Integer eventLoops;

    @Option(names = "--offload", paramLabel = "true|false", arity = "1",
            description = "Run cpu work on the worker pool instead of the event loop, unless a request says.")
    Boolean offload;

    public static void main(String[] args) {
        Logging.init();
        Cli.startServers(new AsyncWorkerMain(), args);
    }

    @Override
    public Integer call() {
        AsyncWorkerConfig config = workerConfig();
        AsyncWorker worker = AsyncWorker.start(config, options.labConfig().db());
        JoinedWorker.joinOrStandAlone(worker, options.join(), options.labConfig().registry(), SHUTDOWN_GRACE);
        LOG.atInfo().log(() -> "async-worker " + worker.id() + " listening on " + worker.url() + " (h2c for the balancer: "
                + worker.h2cPort() + ") with "
                + config.eventLoops() + " event loops, cpu work "
                + (config.offload() ? "offloaded to the worker pool" : "on the event loop"));
        return Cli.OK;
    }

    /** The worker's settings from parsed options; a bad value is a usage or configuration error. */
    AsyncWorkerConfig workerConfig() {
        AsyncWorkerConfig base = options.labConfig().async().worker(0);
        return new AsyncWorkerConfig(
                options.id().orElse(options.join().isPresent() ? JoinedWorker.uniqueId("async") : base.id()),
                base.host(),
                options.port().map(p -> Cli.inRange(spec, "--port", p, 0, 65_535)).orElse(base.port()),
                eventLoops == null ? base.eventLoops() : Cli.inRange(spec, "--event-loops", eventLoops, 1, 1_024),
                offload == null ? base.offload() : offload,
                base.offloadThreads(),
                h2cPort == null ? base.h2cPort() : Cli.inRange(spec, "--h2c-port", h2cPort, 0, 65_535));
    }

    /** The worker's settings from a command line; throws on a bad option or file. */
    static AsyncWorkerConfig configure(String... args) {
        AsyncWorkerMain main = new AsyncWorkerMain();
        new CommandLine(main).parseArgs(args);
        return main.workerConfig();
    }
}
