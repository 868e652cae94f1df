package dev.syncasync.cli;

import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.config.ConfigException;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.registry.JoinedWorker;
import dev.syncasync.server.Args;
import dev.syncasync.server.WorkerServer;
import dev.syncasync.syncworker.SyncWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./lab worker sync|async [--join HOST[:PORT]] [--config FILE] [--id ID] [--port N]}:
 * one more worker that joins a running lab through its registry, takes traffic once its
 * health check passes, and leaves gracefully on Ctrl-C.
 */
final class WorkerCommand {

    private static final Set<String> OPTIONS = Set.of("join", "config", "id", "port");

    private WorkerCommand() {
    }

    static void run(String[] args) throws InterruptedException {
        if (args.length == 0 || !(args[0].equals("sync") || args[0].equals("async"))) {
            throw new ConfigException("command line", "", "worker needs a kind: ./lab worker sync|async"
                    + " [--join HOST[:PORT]] [--config FILE] [--id ID] [--port N]");
        }
        String kind = args[0];
        Args options = Args.parse(Arrays.copyOfRange(args, 1, args.length), OPTIONS, "./lab worker " + kind);
        LabConfig config = ConfigLoader.load(Path.of(options.get("config").orElse("config/topology.yml")));
        String id = options.get("id").orElse(JoinedWorker.uniqueId(kind));
        int port = options.integer("port", 0, 65_535).orElse(0);
        List<String> members = options.get("join").map(j -> List.of(j.split("\\s*,\\s*")))
                .orElse(config.registry().members());
        WorkerServer worker = kind.equals("sync")
                ? SyncWorker.start(config.sync().worker(0).with(id, port))
                : AsyncWorker.start(config.async().worker(0).with(id, port));
        try {
            JoinedWorker.join(worker, config.registry(), members, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            worker.shutdown(Duration.ZERO);
            throw e;
        }
        System.out.println(worker.id() + " (" + kind + ", capacity "
                + (worker.capacity() == WorkerServer.UNLIMITED ? "unlimited" : worker.capacity()) + ") on "
                + worker.url() + " joined the lab at " + String.join(", ", members)
                + "; it takes traffic once the balancer's health check passes. Ctrl-C leaves gracefully.");
        new CountDownLatch(1).await();
    }
}
