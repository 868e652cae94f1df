package dev.syncasync.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.syncasync.config.RegistryConfig;
import dev.syncasync.server.WorkerInfo;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's entry in the registry: written at start, rewritten every {@code refresh-ms}
 * with a time-to-live of {@code ttl-ms} (so a killed worker's entry disappears by itself),
 * marked draining at a graceful stop, and removed at the end. When the registry goes away and
 * comes back (a restarted balancer holds an empty map), the entry is written again at once.
 */
public final class Registration implements AutoCloseable {

    /** {@code /health}'s {@code registry} once the entry is written. */
    public static final String REGISTERED = "registered";
    /** {@code /health}'s {@code registry} while the registry is away. */
    public static final String RECONNECTING = "reconnecting";

    private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

    private final HazelcastInstance hazelcast;
    private final IMap<String, WorkerEntry> workers;
    private final WorkerInfo info;
    private final RegistryConfig config;
    private final ScheduledExecutorService refresher;
    private volatile String state = WorkerEntry.READY;
    /** Told "registered" after each write that lands, "reconnecting" when the registry is lost. */
    private final Consumer<String> status;
    /** The registry is reachable: refreshes are written (while it is away they wait, quietly). */
    private volatile boolean connected = true;
    private volatile String lastStatus;
    private volatile boolean everRegistered;

    private Registration(HazelcastInstance hazelcast, WorkerInfo info, RegistryConfig config, Consumer<String> status) {
        this.hazelcast = hazelcast;
        this.status = status;
        this.workers = Registry.workers(hazelcast);
        this.info = info;
        this.config = config;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, info.id() + "-registration");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes the entry and keeps it fresh until {@link #close()}. */
    public static Registration register(HazelcastInstance hazelcast, WorkerInfo info, RegistryConfig config) {
        return register(hazelcast, info, config, s -> { });
    }

    /** {@link #register(HazelcastInstance, WorkerInfo, RegistryConfig)}, telling {@code status} where it stands. */
    public static Registration register(HazelcastInstance hazelcast, WorkerInfo info, RegistryConfig config,
                                        Consumer<String> status) {
        Registration registration = new Registration(hazelcast, info, config, status);
        registration.write();
        registration.refresher.scheduleAtFixedRate(registration::refresh, config.refreshMs(), config.refreshMs(),
                TimeUnit.MILLISECONDS);
        LOG.atInfo().log(() -> info.id() + " registered as " + info.address());
        return registration;
    }

    /** The registry went away (with the entry): refreshes wait for it, without a warning each time. */
    public void lost() {
        if (connected) {
            connected = false;
            lastStatus = RECONNECTING;
            status.accept(RECONNECTING);
            LOG.atWarn().log(() -> info.id() + " lost the registry; it keeps serving, and reconnects with back-off"
                    + " for as long as it runs");
        }
    }

    /** The registry is back, perhaps a new one with an empty map: the entry is written again now. */
    public void regained() {
        if (!connected) {
            connected = true;
            refresher.execute(this::refresh);
        }
    }

    /** Tells the balancer to send nothing new; requests in flight go on. */
    public void draining() {
        state = WorkerEntry.DRAINING;
        write();
    }

    /** Stops refreshing and removes the entry. */
    @Override
    public void close() {
        refresher.shutdownNow();
        try {
            workers.remove(info.id());
            LOG.atInfo().log(() -> info.id() + " left the registry");
        } catch (RuntimeException e) {
            LOG.atWarn().log(() -> info.id() + " could not remove its registry entry (" + e.getMessage()
                    + "); it expires within " + config.ttlMs() + " ms");
        }
    }

    private void refresh() {
        if (!hazelcast.getLifecycleService().isRunning()) {
            // The process is leaving (or was cut off): the entry expires by itself.
            refresher.shutdown();
            return;
        }
        if (!connected) {
            return;
        }
        try {
            write();
            LOG.atDebug().log(() -> info.id() + " refreshed its registry entry (time to live " + config.ttlMs() + " ms)");
        } catch (RuntimeException e) {
            // The registry may be restarting; the next refresh writes the entry again.
            LOG.atWarn().log(() -> info.id() + " could not refresh its registry entry: " + e.getMessage());
        }
    }

    private void write() {
        workers.set(info.id(), WorkerEntry.of(info, state), config.ttlMs(), TimeUnit.MILLISECONDS);
        if (!REGISTERED.equals(lastStatus)) {
            lastStatus = REGISTERED;
            status.accept(REGISTERED);
            if (everRegistered) {
                LOG.atInfo().log(() -> info.id() + " is registered again as " + info.address());
            }
            everRegistered = true;
        }
    }
}
