package dev.syncasync.balancer;

import dev.syncasync.registry.Registry;
import dev.syncasync.registry.WorkerEntry;
import dev.syncasync.server.WorkerInfo;
import io.vertx.core.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns registry events into pool changes. Hazelcast delivers them on its own threads: the
 * allow-list check (which may resolve a name) runs there, then the change hops onto the
 * balancer's event loop. A new worker joins as {@code joining} and gets requests only once
 * its {@code /health} answered 200.
 */
final class RegistryFollower {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryFollower.class);

    private final Context context;
    private final Dispatcher dispatcher;
    private final HealthChecker health;
    private final AllowList allow;
    /** The last refusal logged per worker id, so a refreshed entry is not logged every 2 s. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    RegistryFollower(Context context, Dispatcher dispatcher, HealthChecker health, AllowList allow) {
        this.context = context;
        this.dispatcher = dispatcher;
        this.health = health;
        this.allow = allow;
    }

    void follow(Registry registry) {
        registry.followWorkers(this::upserted, this::removed);
        registry.followTopology(t -> onLoop(() -> dispatcher.topology(t)));
    }

    private void upserted(WorkerEntry entry) {
        WorkerInfo info;
        try {
            info = entry.info();
        } catch (IllegalArgumentException e) {
            refuse(entry, e.getMessage());
            return;
        }
        String reason = allow.refusal(info.host(), info.port());
        if (reason == null && info.h2cPort() > 0) {
            reason = allow.refusal(info.host(), info.h2cPort());
        }
        if (reason != null) {
            refuse(entry, reason);
            return;
        }
        refused.remove(entry.id());
        onLoop(() -> apply(info, entry.draining()));
    }

    private void apply(WorkerInfo info, boolean draining) {
        synchronized (dispatcher) {
            Backend known = dispatcher.backend(info.id());
            if (known == null || !known.info.equals(info)) {
                Backend added = dispatcher.add(info, BackendState.JOINING);
                health.check(added);
                known = added;
            }
            if (draining && known.state() != BackendState.DRAINING) {
                known.draining();
                LOG.atInfo().log(() -> "worker " + info.id() + " is draining: no new requests go to it");
            }
        }
    }

    private void removed(String id) {
        refused.remove(id);
        onLoop(() -> dispatcher.remove(id));
    }

    /**
     * Hops onto the balancer's event loop. Once the balancer has stopped, its loop refuses tasks
     * while the registry may still report workers leaving (in {@code ./lab up} the balancer stops
     * first): there is nothing left to update, so the event is dropped, without an error.
     */
    private void onLoop(Runnable change) {
        try {
            context.runOnContext(v -> change.run());
        } catch (RejectedExecutionException e) {
            LOG.atDebug().log(() -> "registry event after the balancer stopped, dropped: " + e.getMessage());
        }
    }

    private void refuse(WorkerEntry entry, String reason) {
        if (!reason.equals(refused.put(entry.id(), reason))) {
            LOG.atWarn().log(() -> "registry entry " + entry.id() + " at " + entry.host() + ":" + entry.port()
                    + " refused: " + reason);
        }
    }
}
