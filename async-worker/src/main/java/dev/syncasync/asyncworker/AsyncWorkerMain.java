package dev.syncasync.asyncworker;

import dev.syncasync.config.AsyncPoolConfig;
import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.config.ConfigException;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.registry.JoinedWorker;
import dev.syncasync.server.Args;
import dev.syncasync.server.Mains;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one async worker: {@code java -jar async-worker.jar [--config FILE] [--id ID]
 * [--port N] [--event-loops N] [--offload true|false] [--join HOST[:PORT]]}. Settings come
 * from the {@code async:} section of the file (its first worker) or the defaults in code (one
 * event loop per CPU), both with LAB_* environment overrides; flags override them. With
 * {@code --join} it registers with a running lab's registry and leaves it gracefully. A bad
 * file or flag exits with code 2.
 */
public final class AsyncWorkerMain {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncWorkerMain.class);
    private static final Set<String> OPTIONS = Set.of("config", "id", "port", "join", "event-loops", "offload");
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private AsyncWorkerMain() {
    }

    public static void main(String[] args) {
        Mains.run("async-worker", () -> {
            AsyncWorkerConfig config = configure(args);
            AsyncWorker worker = AsyncWorker.start(config);
            Args options = Args.parse(args, OPTIONS, "async-worker");
            JoinedWorker.joinOrStandAlone(worker, options.get("join"), labConfig(options).registry(),
                    SHUTDOWN_GRACE);
            LOG.atInfo().log(() -> "async-worker " + worker.id() + " listening on " + worker.url() + " with "
                    + config.eventLoops() + " event loops, cpu work "
                    + (config.offload() ? "offloaded to the worker pool" : "on the event loop"));
        });
    }

    /** The worker's settings from the command line; throws ConfigException when it is wrong. */
    static AsyncWorkerConfig configure(String[] argv) {
        Args args = Args.parse(argv, OPTIONS, "async-worker");
        AsyncPoolConfig pool = labConfig(args).async();
        AsyncWorkerConfig base = pool.worker(0);
        return new AsyncWorkerConfig(
                args.get("id").orElse(args.get("join").isPresent() ? JoinedWorker.uniqueId("async") : base.id()),
                base.host(),
                args.integer("port", 0, 65_535).orElse(base.port()),
                args.integer("event-loops", 1, 1_024).orElse(base.eventLoops()),
                offload(args).orElse(base.offload()));
    }

    private static Optional<Boolean> offload(Args args) {
        return args.get("offload").map(text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException("command line", "--offload",
                    "must be true or false, got '" + text + "'");
        });
    }

    /** The whole config: the file given with --config, or the defaults in code; both with LAB_* overrides. */
    static LabConfig labConfig(Args args) {
        return args.get("config").map(file -> ConfigLoader.load(Path.of(file)))
                .orElseGet(ConfigLoader::fromEnvironment);
    }
}
