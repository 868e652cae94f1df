package dev.syncasync.server;

import dev.syncasync.config.Topology;
import dev.syncasync.metrics.WorkerMetrics;
import dev.syncasync.work.Json;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker's routes and server share, the same on both kinds: the worker's identity,
 * whether it is draining, and the count of {@code /work} requests accepted but not yet
 * answered, which shutdown waits on. Thread-safe.
 */
public final class WorkerState {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerState.class);

    private final String id;
    private final Topology kind;
    private final int capacity;
    private final WorkerMetrics metrics;
    /** Signalled whenever a request finishes, so shutdown waits on a condition, not a timer. */
    private final Object finishedSignal = new Object();
    private volatile boolean draining;
    /** Where it stands with the registry it joined ("registered", "reconnecting"), or null when it joined none. */
    private volatile String registry;
    /** The database behind {@code db=<ms>}; {@code /health} says whether it is reachable. */
    private volatile DatabaseStatus database = DatabaseStatus.NONE;
    /** Outcome of the first shutdown; null while running. Guarded by this. */
    private Boolean stoppedIdle;

    public WorkerState(String id, Topology kind, int capacity) {
        this.id = id;
        this.kind = kind;
        this.capacity = capacity;
        this.metrics = new WorkerMetrics(id, kind.label());
    }

    public String id() {
        return id;
    }

    public String kind() {
        return kind.label();
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public int inFlight() {
        return metrics.inFlight();
    }

    public boolean ready() {
        return !draining;
    }

    public void drain() {
        draining = true;
    }

    /** Records where the worker stands with its registry; {@code /health} reports it. */
    public void registry(String status) {
        registry = status;
    }

    /** The worker's database, reported by {@code /health}. */
    public void database(DatabaseStatus status) {
        database = status;
    }

    public DatabaseStatus database() {
        return database;
    }

    /** A {@code /work} request was accepted; it counts as in flight until {@link #finished}. */
    public void started() {
        metrics.started();
    }

    public void finished(int status, long serviceNanos) {
        metrics.finished(status, serviceNanos);
        synchronized (finishedSignal) {
            finishedSignal.notifyAll();
        }
    }

    /** Counts a request answered without work (400, 404, 405). */
    public void rejected(int status) {
        metrics.count(status);
    }

    /**
     * Waits until no request is in flight or {@code grace} has passed.
     *
     * @return true when none was left in flight
     */
    public boolean awaitIdle(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (finishedSignal) {
            while (metrics.inFlight() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(finishedSignal, left);
            }
        }
        return true;
    }

    /**
     * The shutdown both workers share: drain, wait up to {@code grace} for the requests in
     * flight, then {@code stopServer}. Idempotent: a second call returns the first outcome.
     *
     * @return true when no request was still in flight when the server stopped
     */
    public synchronized boolean shutdown(Duration grace, Runnable stopServer) {
        if (stoppedIdle != null) {
            return stoppedIdle;
        }
        drain();
        boolean idle;
        try {
            idle = awaitIdle(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        stopServer.run();
        stoppedIdle = idle;
        boolean finished = idle;
        LOG.atInfo().log(() -> id + " stopped" + (finished ? "" : " with requests still in flight after " + grace));
        return idle;
    }

    /**
     * The body of {@code /health/ready} and {@code /health}: {@code "status":"UP"} and 200 when
     * {@link #ready()}, {@code "DOWN"} and 503 while draining ({@code state} says which). A worker
     * that joined a registry says where it stands with it: {@code "registry": "registered"}, or
     * {@code "reconnecting"} while the registry is away (it stays UP: it still serves whoever
     * reaches it). A worker with a database says {@code "database": "up"} or what is missing
     * ({@code "unreachable: ..."}); it stays UP too, as it still serves {@code io} and {@code cpu}.
     */
    public String healthJson() {
        Json health = Json.object()
                .put("status", draining ? "DOWN" : "UP")
                .put("state", draining ? "draining" : "ready")
                .put("worker", id)
                .put("kind", kind.label())
                .put("capacity", capacity)
                .put("inFlight", metrics.inFlight());
        String joined = registry;
        if (joined != null) {
            health.put("registry", joined);
        }
        DatabaseStatus db = database;
        if (db.configured()) {
            health.put("database", db.health()).put("databaseUrl", db.name());
        }
        return health.toString();
    }

    /** The body of {@code /health/live}, always 200: the server answers, even while it drains. */
    public String liveJson() {
        return Json.object().put("status", "UP").put("worker", id).put("kind", kind.label()).toString();
    }

    /** The body of a 404; the same text on both workers. */
    public static String noRoute(String method, String path) {
        return Json.object().put("error", "no route for " + method + " " + path).toString();
    }

    /** The body of a 405; the same text on both workers. */
    public static String methodNotAllowed(String method, String path) {
        return Json.object().put("error", "method " + method + " not allowed on " + path + ", only GET").toString();
    }
}
