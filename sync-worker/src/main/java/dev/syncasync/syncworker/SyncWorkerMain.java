package dev.syncasync.syncworker;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import dev.syncasync.config.SyncWorkerConfig;
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
 * Runs one sync worker: {@code java -jar sync-worker.jar [--config FILE] [--id ID] [--port N]
 * [--threads N] [--join HOST[:PORT]]}. Settings come from the {@code sync:} section of the file
 * (its first worker) or the defaults in code (both with LAB_* environment overrides); options
 * override them. A bad file or option exits with code 2.
 */
@Command(name = "sync-worker", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"One sync worker: Undertow with a fixed pool of blocking threads "
                + "(java -jar sync-worker/target/sync-worker.jar).",
            "Settings come from the sync: section of the file (its first worker) or the defaults in code; "
                + "options override them."},
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

    public static void main(String[] args) {
        Logging.init();
        Cli.startServers(new SyncWorkerMain(), args);
    }

    @Override
    public Integer call() {
        SyncWorker worker = SyncWorker.start(workerConfig());
        JoinedWorker.joinOrStandAlone(worker, options.join(), options.labConfig().registry(), SHUTDOWN_GRACE);
        LOG.atInfo().log(() -> "sync-worker " + worker.id() + " listening on " + worker.url()
                + " with " + worker.capacity() + " threads");
        return Cli.OK;
    }

    /** The worker's settings from parsed options; a bad value is a usage or configuration error. */
    SyncWorkerConfig workerConfig() {
        SyncWorkerConfig base = options.labConfig().sync().worker(0);
        return new SyncWorkerConfig(
                options.id().orElse(options.join().isPresent() ? JoinedWorker.uniqueId("sync") : base.id()),
                base.host(),
                options.port().map(p -> Cli.inRange(spec, "--port", p, 0, 65_535)).orElse(base.port()),
                threads == null ? base.threads() : Cli.inRange(spec, "--threads", threads, 1, 10_000));
    }

    /** The worker's settings from a command line; throws on a bad option or file. */
    static SyncWorkerConfig configure(String... args) {
        SyncWorkerMain main = new SyncWorkerMain();
        new CommandLine(main).parseArgs(args);
        return main.workerConfig();
    }
}
