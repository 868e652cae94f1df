package dev.syncasync.syncworker;

import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.SyncPoolConfig;
import dev.syncasync.config.SyncWorkerConfig;
import dev.syncasync.registry.JoinedWorker;
import dev.syncasync.server.Args;
import dev.syncasync.server.Mains;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one sync worker:
 * {@code java -jar sync-worker.jar [--config FILE] [--id ID] [--port N] [--threads N] [--join HOST[:PORT]]}.
 * With {@code --join} it registers with a running lab's registry and leaves it gracefully.
 * Settings come from the {@code sync:} section of the file (its first worker) or the defaults
 * in code (both with LAB_* environment overrides); flags override them. A bad file or flag
 * exits with code 2.
 */
public final class SyncWorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorkerMain.class);
    private static final Set<String> OPTIONS = Set.of("config", "id", "port", "join", "threads");
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private SyncWorkerMain() {
    }

    public static void main(String[] args) {
        Mains.run("sync-worker", () -> {
            SyncWorker worker = SyncWorker.start(configure(args));
            Args options = Args.parse(args, OPTIONS, "sync-worker");
            JoinedWorker.joinOrStandAlone(worker, options.get("join"), labConfig(options).registry(),
                    SHUTDOWN_GRACE);
            LOG.atInfo().log(() -> "sync-worker " + worker.id() + " listening on " + worker.url()
                    + " with " + worker.capacity() + " threads");
        });
    }

    /** The worker's settings from the command line; throws ConfigException when it is wrong. */
    static SyncWorkerConfig configure(String[] argv) {
        Args args = Args.parse(argv, OPTIONS, "sync-worker");
        SyncPoolConfig pool = labConfig(args).sync();
        SyncWorkerConfig base = pool.worker(0);
        return new SyncWorkerConfig(
                args.get("id").orElse(args.get("join").isPresent() ? JoinedWorker.uniqueId("sync") : base.id()),
                base.host(),
                args.integer("port", 0, 65_535).orElse(base.port()),
                args.integer("threads", 1, 10_000).orElse(base.threads()));
    }

    /** The whole config: the file given with --config, or the defaults in code; both with LAB_* overrides. */
    static LabConfig labConfig(Args args) {
        return args.get("config").map(file -> ConfigLoader.load(Path.of(file)))
                .orElseGet(ConfigLoader::fromEnvironment);
    }
}
