package dev.syncasync.lab;

import com.hazelcast.core.HazelcastInstance;
import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.balancer.Balancer;
import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.config.LabConfig;
import dev.syncasync.database.EmbeddedPostgres;
import dev.syncasync.config.Topology;
import dev.syncasync.registry.Hazelcasts;
import dev.syncasync.registry.Registration;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.server.WorkerServer;
import dev.syncasync.syncworker.SyncWorker;
import dev.syncasync.syncworker.VirtualWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole topology running in this JVM: every worker of the three pools, each its own server
 * on its own port with its own threads, and the balancer routing to the active pool.
 *
 * <p>Why one JVM: a laptop starts it in about a second and it costs one heap; the servers
 * share nothing but the process, so a sync worker still has exactly its k threads and an
 * async worker exactly its event loops. Virtual workers share one thing by design: the JDK's
 * virtual-thread scheduler, whose carriers (one per core) are the JVM's, as they would be in
 * a process of their own. {@code java -jar} on each module runs them apart.
 */
public final class Lab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);

    /** Connections PostgreSQL keeps for superusers ({@code superuser_reserved_connections}'s default). */
    private static final int SUPERUSER_CONNECTIONS = 3;

    /** How long start-up waits for every worker's first health check. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final LabConfig config;
    private final Balancer balancer;
    private final List<WorkerServer> workers;
    /** The registry's member, or null when {@code registry.enabled} is false. */
    private final HazelcastInstance hazelcast;
    private final List<Registration> registrations;
    /** What pinning the workers achieved, or null when they were not pinned. */
    private final CpuPlacement.Check placement;
    /** The PostgreSQL the lab started because {@code db.url} named none, or null. */
    private final EmbeddedPostgres database;

    private Lab(LabConfig config, Balancer balancer, List<WorkerServer> workers, HazelcastInstance hazelcast,
                List<Registration> registrations, CpuPlacement.Check placement, EmbeddedPostgres database) {
        this.config = config;
        this.database = database;
        this.placement = placement;
        this.balancer = balancer;
        this.workers = workers;
        this.hazelcast = hazelcast;
        this.registrations = registrations;
    }

    /** Starts the lab without watching a file for topology edits. */
    public static Lab start(LabConfig config) {
        return start(config, null);
    }

    /**
     * Starts the three pools and the balancer. With the registry on, the balancer runs the
     * Hazelcast member and every worker registers there, as one started apart would; the
     * lab returns once all of them passed their first health check.
     *
     * @param topologyFile the file whose {@code topology:} edits switch pools live; null = none
     */
    public static Lab start(LabConfig config, Path topologyFile) {
        return start(config, topologyFile, null);
    }

    /**
     * Starts the pools and the balancer as {@link #start(LabConfig, Path)} does, with the
     * workers on CPUs of their own when {@code placement} is given: this thread pins itself to
     * the workers' CPUs, starts them - every thread they create, then or later, inherits that
     * affinity - and pins itself back to the others before it starts the balancer and the
     * registry. The caller pins the rest of the process first ({@link CpuPlacement#pinProcess}).
     * {@link #placement()} says what it achieved.
     */
    public static Lab start(LabConfig requested, Path topologyFile, CpuPlacement placement) {
        List<WorkerServer> workers = new ArrayList<>();
        HazelcastInstance hazelcast = null;
        CpuPlacement.Check check = null;
        EmbeddedPostgres embedded = null;
        try {
            // db.url empty: a real PostgreSQL of the lab's own, on a free port, so nothing needs installing.
            int maxConnections = maxConnections(requested);
            embedded = requested.db().embedded() ? EmbeddedPostgres.start(maxConnections) : null;
            LabConfig config = embedded == null ? requested : requested.withDb(requested.db()
                    .withUrl(embedded.url()).withMaxConnections(maxConnections));
            DatabaseConfig db = config.db();
            LOG.atDebug().log(() -> "starting the lab: topology " + config.topology().label() + ", "
                    + config.sync().workers() + " sync workers x " + config.sync().threads() + " threads, "
                    + config.async().workers() + " async workers x " + config.async().eventLoops() + " event loops, "
                    + config.virtual().workers() + " virtual workers, "
                    + "registry " + (config.registry().enabled() ? "on" : "off"));
            Set<Long> before = placement == null ? Set.of() : CpuAffinity.threads().keySet();
            if (placement != null) {
                CpuAffinity.pinThisThread(placement.workerCpus());
            }
            try {
                for (int i = 0; i < config.sync().workers(); i++) {
                    workers.add(SyncWorker.start(config.sync().worker(i), db));
                }
                for (int i = 0; i < config.async().workers(); i++) {
                    workers.add(AsyncWorker.start(config.async().worker(i), db));
                }
                // Started on the workers' CPUs too: the virtual-thread scheduler's carriers are
                // created from here and from the workers' IO threads, so they inherit them.
                for (int i = 0; i < config.virtual().workers(); i++) {
                    workers.add(VirtualWorker.start(config.virtual().worker(i), db));
                }
            } finally {
                if (placement != null) {
                    CpuAffinity.pinThisThread(placement.otherCpus());
                }
            }
            if (placement != null) {
                check = placement.check(before);
                LOG.atInfo().log(placement + ": " + check);
            }
            workers.forEach(w -> LOG.atDebug().log(() -> w.kind().label() + " worker " + w.id() + " listens on "
                    + w.url() + ", capacity " + (w.capacity() == WorkerServer.UNLIMITED ? "unlimited" : w.capacity())));
            Balancer balancer = Balancer.start(config.balancer(), config.topology());
            LOG.atDebug().log(() -> "balancer listens on " + config.balancer().host() + ":" + balancer.port()
                    + ", admin " + config.balancer().adminHost() + ":" + balancer.adminPort());
            List<Registration> registrations = new ArrayList<>();
            if (config.registry().enabled()) {
                hazelcast = Hazelcasts.member(config.registry());
                balancer.followRegistry(hazelcast, config.registry(), Set.of(Hazelcasts.port(hazelcast)));
                for (WorkerServer w : workers) {
                    registrations.add(Registration.register(hazelcast, WorkerInfo.of(w), config.registry()));
                }
            } else {
                workers.forEach(w -> balancer.addWorker(WorkerInfo.of(w)));
            }
            balancer.awaitReady(workers.size(), READY_TIMEOUT);
            if (topologyFile != null) {
                balancer.watch(topologyFile);
            }
            return new Lab(config, balancer, workers, hazelcast, registrations, check, embedded);
        } catch (RuntimeException e) {
            workers.forEach(w -> w.shutdown(Duration.ZERO));
            if (hazelcast != null) {
                hazelcast.shutdown();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /**
     * The embedded server's {@code max_connections}: {@code db.max-connections}, raised when every
     * worker's pool together (plus the 3 connections PostgreSQL keeps for superusers) would not fit,
     * so that a topology of many workers (a {@code ./lab plan} answer, say) still starts and every
     * pool fills. The lab's own server is sized for the lab; a server named by {@code db.url} keeps
     * its own limit.
     */
    static int maxConnections(LabConfig config) {
        DatabaseConfig db = config.db();
        int workers = config.sync().workers() + config.async().workers() + config.virtual().workers();
        int needed = workers * db.poolSize() + SUPERUSER_CONNECTIONS;
        if (db.embedded() && needed > db.maxConnections()) {
            LOG.atInfo().log(() -> "db.max-connections " + db.maxConnections() + " raised to " + needed
                    + " for the embedded PostgreSQL: " + workers + " workers x db.pool-size " + db.poolSize()
                    + " connections, plus " + SUPERUSER_CONNECTIONS + " PostgreSQL keeps for superusers");
            return needed;
        }
        return db.maxConnections();
    }

    /** The PostgreSQL the lab started (db.url empty), or empty when db.url names one. */
    public Optional<EmbeddedPostgres> database() {
        return Optional.ofNullable(database);
    }

    /** What pinning the workers to their own CPUs achieved; null when they share every CPU. */
    public CpuPlacement.Check placement() {
        return placement;
    }

    /** The registry's Hazelcast port, or 0 when the registry is off. */
    public int registryPort() {
        return hazelcast == null ? 0 : Hazelcasts.port(hazelcast);
    }

    public LabConfig config() {
        return config;
    }

    public Balancer balancer() {
        return balancer;
    }

    /** Every worker of every pool, sync first, then async, then virtual, in start order. */
    public List<WorkerServer> workers() {
        return List.copyOf(workers);
    }

    /** The workers of one pool. */
    public List<WorkerServer> workers(Topology kind) {
        return workers.stream().filter(w -> w.kind() == kind).toList();
    }

    /** {@code http://host:port} of the balancer's client port. */
    public String url() {
        return "http://" + config.balancer().host() + ":" + balancer.port();
    }

    /** {@code http://host:port} of the balancer's admin port. */
    public String adminUrl() {
        return "http://" + config.balancer().adminHost() + ":" + balancer.adminPort();
    }

    /**
     * The balancer first (it stops taking requests and waits for the ones it has), then the
     * workers, each after its in-flight requests finish.
     *
     * @return true when nothing was cut off
     */
    public boolean shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        boolean clean = balancer.shutdown(grace);
        registrations.forEach(Registration::close);
        for (WorkerServer worker : workers) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            clean &= worker.shutdown(left);
        }
        if (hazelcast != null) {
            hazelcast.shutdown();
        }
        if (database != null) {
            database.close();
        }
        boolean done = clean;
        LOG.atInfo().log(() -> "lab stopped" + (done ? "" : " (some requests were cut off by the grace period)"));
        return clean;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
