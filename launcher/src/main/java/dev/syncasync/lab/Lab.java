package dev.syncasync.lab;

import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.balancer.Balancer;
import dev.syncasync.common.config.LabConfig;
import dev.syncasync.common.config.Topology;
import dev.syncasync.common.server.WorkerInfo;
import dev.syncasync.common.server.WorkerServer;
import dev.syncasync.syncworker.SyncWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * A whole topology running in this JVM: every worker of both pools, each its own server on
 * its own port with its own threads, and the balancer routing to the active pool.
 *
 * <p>Why one JVM: a laptop starts it in about a second and it costs one heap; the servers
 * share nothing but the process, so a sync worker still has exactly its k threads and an
 * async worker exactly its event loops. {@code java -jar} on each module runs them apart.
 */
public final class Lab implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Lab.class.getName());

    private final LabConfig config;
    private final Balancer balancer;
    private final List<WorkerServer> workers;

    private Lab(LabConfig config, Balancer balancer, List<WorkerServer> workers) {
        this.config = config;
        this.balancer = balancer;
        this.workers = workers;
    }

    /** Starts both pools, then the balancer, then registers every worker with it. */
    public static Lab start(LabConfig config) {
        List<WorkerServer> workers = new ArrayList<>();
        try {
            for (int i = 0; i < config.sync().workers(); i++) {
                workers.add(SyncWorker.start(config.sync().worker(i)));
            }
            for (int i = 0; i < config.async().workers(); i++) {
                workers.add(AsyncWorker.start(config.async().worker(i)));
            }
            Balancer balancer = Balancer.start(config.balancer(), config.topology());
            workers.forEach(w -> balancer.addWorker(WorkerInfo.of(w)));
            return new Lab(config, balancer, workers);
        } catch (RuntimeException e) {
            workers.forEach(w -> w.shutdown(Duration.ZERO));
            throw e;
        }
    }

    public LabConfig config() {
        return config;
    }

    public Balancer balancer() {
        return balancer;
    }

    /** Every worker of both pools, sync first, in start order. */
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
        for (WorkerServer worker : workers) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            clean &= worker.shutdown(left);
        }
        boolean done = clean;
        LOG.info(() -> "lab stopped" + (done ? "" : " (some requests were cut off by the grace period)"));
        return clean;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
