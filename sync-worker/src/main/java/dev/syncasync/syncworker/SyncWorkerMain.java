package dev.syncasync.syncworker;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.config.SyncWorkerConfig;
import dev.syncasync.config.VirtualWorkerConfig;
import dev.syncasync.logging.Logging;
import dev.syncasync.registry.JoinedWorker;
import dev.syncasync.server.WorkerOptions;
import dev.syncasync.server.WorkerServer;
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
 * Runs one sync worker: {@code java -jar sync-worker.jar [--config FILE] [--id ID] [--port N]
 * [--threads N] [--join HOST[:PORT]]}, or, with {@code --virtual [--max-concurrent N]}, one
 * virtual worker: the same handler with a virtual thread per request. Settings come from the
 * {@code sync:} (or {@code virtual:}) section of the file (its first worker) or the defaults in
 * code (both with LAB_* environment overrides); options override them. A bad file or option
 * exits with code 2.
 */
@Command(name = "sync-worker", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"One sync worker: Undertow with a fixed pool of blocking threads "
                + "(java -jar sync-worker/target/sync-worker.jar); with --virtual, the same blocking handler "
                + "with each request on a new virtual thread.",
            "Settings come from the sync: (or virtual:) section of the file (its first worker) or the defaults "
                + "in code; options override them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:running until SIGTERM, which lets the requests in flight finish",
            "1:it failed at run time", "2:a bad option or config file"})
public final class SyncWorkerMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorkerMain.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    WorkerOptions options = new WorkerOptions();

    @Option(names = "--threads", paramLabel = "N", description = "Blocking threads: requests served at once.")
    Integer threads;

    @Option(names = "--virtual", description = "Run each request on a new virtual thread instead of the fixed pool "
            + "(a worker of the virtual pool).")
    boolean virtual;

    @Option(names = "--max-concurrent", paramLabel = "N",
            description = "With --virtual: requests served at once, 0 = no limit (default: virtual.max-concurrent).")
    Integer maxConcurrent;

    public static void main(String[] args) {
        Logging.init();
        Cli.startServers(new SyncWorkerMain(), args);
    }

    @Override
    public Integer call() {
        DatabaseConfig db = options.labConfig().db();
        WorkerServer worker = virtual ? VirtualWorker.start(virtualConfig(), db) : SyncWorker.start(workerConfig(), db);
        JoinedWorker.joinOrStandAlone(worker, options.join(), options.labConfig().registry(), SHUTDOWN_GRACE);
        // "sync-worker ID listening on URL ..." as before, "virtual-worker ..." for the virtual kind.
        LOG.atInfo().log(() -> worker.kind().label() + "-worker " + worker.id() + " listening on " + worker.url()
                + (virtual ? " with a virtual thread per request, "
                        + (worker.capacity() == WorkerServer.UNLIMITED ? "no limit" : "at most " + worker.capacity())
                        + " at once" : " with " + worker.capacity() + " threads"));
        return Cli.OK;
    }

    /** The worker's settings from parsed options; a bad value is a usage or configuration error. */
    SyncWorkerConfig workerConfig() {
        if (maxConcurrent != null) {
            throw Cli.usage(spec, "--max-concurrent needs --virtual (a sync worker's limit is --threads)");
        }
        SyncWorkerConfig base = options.labConfig().sync().worker(0);
        return new SyncWorkerConfig(
                options.id().orElse(options.join().isPresent() ? JoinedWorker.uniqueId("sync") : base.id()),
                base.host(),
                options.port().map(p -> Cli.inRange(spec, "--port", p, 0, 65_535)).orElse(base.port()),
                threads == null ? base.threads() : Cli.inRange(spec, "--threads", threads, 1, 10_000));
    }

    /** The virtual worker's settings from parsed options; a bad value is a usage or configuration error. */
    VirtualWorkerConfig virtualConfig() {
        if (threads != null) {
            throw Cli.usage(spec, "--threads is for the fixed pool; a virtual worker's limit is --max-concurrent");
        }
        VirtualWorkerConfig base = options.labConfig().virtual().worker(0);
        return new VirtualWorkerConfig(
                options.id().orElse(options.join().isPresent() ? JoinedWorker.uniqueId("virtual") : base.id()),
                base.host(),
                options.port().map(p -> Cli.inRange(spec, "--port", p, 0, 65_535)).orElse(base.port()),
                maxConcurrent == null ? base.maxConcurrent()
                        : Cli.inRange(spec, "--max-concurrent", maxConcurrent, 0, 1_000_000));
    }

    /** The virtual worker's settings from a command line; throws on a bad option or file. */
    static VirtualWorkerConfig configureVirtual(String... args) {
        SyncWorkerMain main = new SyncWorkerMain();
        new CommandLine(main).parseArgs(args);
        return main.virtualConfig();
    }

    /** The worker's settings from a command line; throws on a bad option or file. */
    static SyncWorkerConfig configure(String... args) {
        SyncWorkerMain main = new SyncWorkerMain();
        new CommandLine(main).parseArgs(args);
        return main.workerConfig();
    }
}
