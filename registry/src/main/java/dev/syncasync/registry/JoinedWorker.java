package dev.syncasync.registry;

import com.hazelcast.core.HazelcastInstance;
import dev.syncasync.config.RegistryConfig;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.server.WorkerServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process that joined a running lab: it reaches the registry as a Hazelcast client,
 * registers, and on SIGTERM or Ctrl-C leaves in order: marked draining (the balancer sends
 * nothing new), requests in flight finish, the entry is removed, the client disconnects.
 *
 * <p>If the registry goes away once joined (the balancer, its Hazelcast member, restarts), the
 * worker keeps serving and keeps reconnecting, with back-off, for as long as it runs; when the
 * registry is back it registers again at once. Its {@code /health} says where it stands
 * ({@code "registry": "registered"} or {@code "reconnecting"}). Only the first join has a
 * deadline ({@code registry.join-timeout-ms}), so a worker pointed at the wrong place says so.
 */
public final class JoinedWorker {

    private static final Logger LOG = LoggerFactory.getLogger(JoinedWorker.class);

    private JoinedWorker() {
    }

    /** A worker id unique across hosts and processes: {@code sync-<host>-<pid>}. */
    public static String uniqueId(String kind) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        host = host.split("\\.")[0];
        return kind + "-" + (host.length() > 12 ? host.substring(0, 12) : host) + "-" + ProcessHandle.current().pid();
    }

    /**
     * Joins the registry at {@code members} and registers {@code worker}; installs the shutdown
     * hook that leaves gracefully. Fails within {@code registry.join-timeout-ms} when the
     * registry cannot be reached or has another cluster name.
     */
    public static void join(WorkerServer worker, RegistryConfig registry, List<String> members, Duration grace) {
        AtomicReference<Registration> joined = new AtomicReference<>();
        HazelcastInstance client = Hazelcasts.lastingClient(registry, members, connected -> {
            Registration r = joined.get();
            if (r != null && connected) {
                r.regained();
            } else if (r != null) {
                r.lost();
            }
        });
        WorkerInfo info = new WorkerInfo(worker.id(), worker.kind(), advertised(worker.host()), worker.port(),
                worker.capacity(), worker.h2cPort());
        Registration registration = Registration.register(client, info, registry, worker::registryStatus);
        joined.set(registration);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registration.draining();
            boolean clean = worker.shutdown(grace);
            registration.close();
            client.shutdown();
            System.err.println(worker.id() + " left the lab" + (clean ? "" : " (grace period cut requests off)"));
        }, worker.id() + "-leave"));
        LOG.atInfo().log(() -> worker.id() + " joined the registry at " + String.join(", ", members) + " as "
                + info.address());
    }

    /**
     * What a worker main does once its server listens: with {@code --join HOST[:PORT],...} it
     * joins that registry (and leaves it gracefully on SIGTERM); without, SIGTERM still lets
     * the requests in flight finish before the exit.
     */
    public static void joinOrStandAlone(WorkerServer worker, Optional<String> join, RegistryConfig registry,
                                        Duration grace) {
        if (join.isPresent()) {
            join(worker, registry, List.of(join.get().split("\\s*,\\s*")), grace);
        } else {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> worker.shutdown(grace), worker.id() + "-shutdown"));
        }
    }

    /** The address the balancer should use: the bound one, or this host's when bound to all interfaces. */
    static String advertised(String boundHost) {
        if (!boundHost.equals("0.0.0.0") && !boundHost.equals("::")) {
            return boundHost;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return boundHost;
        }
    }
}
