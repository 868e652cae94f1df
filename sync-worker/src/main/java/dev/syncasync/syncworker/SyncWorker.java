package dev.syncasync.syncworker;

import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.config.SyncWorkerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerServer;
import dev.syncasync.server.WorkerState;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xnio.Options;
import org.xnio.XnioWorker;

/**
 * A running sync worker: Undertow with one IO thread and a fixed pool of {@code threads}
 * blocking threads, so it serves at most {@code threads} requests at once.
 */
public final class SyncWorker implements WorkerServer {

    /**
     * How long stopping waits for pool threads still working after the grace period before
     * interrupting them; without it Undertow's stop waits for the longest request (up to 60 s).
     */
    private static final int STOP_TIMEOUT_MS = 1_000;

    private final SyncWorkerConfig config;
    private final WorkerState state;
    private final Undertow undertow;
    private final JdbcDatabase database;
    private final int port;

    private SyncWorker(SyncWorkerConfig config, WorkerState state, Undertow undertow, JdbcDatabase database) {
        this.config = config;
        this.state = state;
        this.undertow = undertow;
        this.database = database;
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Starts a worker without a database; see {@link #start(SyncWorkerConfig, DatabaseConfig)}. */
    public static SyncWorker start(SyncWorkerConfig config) {
        return start(config, DatabaseConfig.defaults());
    }

    /**
     * Starts a worker and returns once it listens; port 0 picks a free port, see {@link #port()}.
     * Its {@code db} requests use a pool of {@code db.pool-size} connections to {@code db.url}
     * (none when the url is empty); it starts whether or not the database answers.
     */
    public static SyncWorker start(SyncWorkerConfig config, DatabaseConfig db) {
        WorkerState state = new WorkerState(config.id(), Topology.SYNC, config.threads());
        JdbcDatabase database = JdbcDatabase.open(db, config.id());
        state.database(database.status());
        Undertow undertow = Undertow.builder()
                // One IO thread accepts, parses and answers /health; it never runs work.
                .setIoThreads(1)
                // A fixed pool: core = max = threads (Undertow sets both; stated here so it is
                // visible and survives a change of Undertow's defaults). Extra requests queue.
                .setWorkerThreads(config.threads())
                .setWorkerOption(Options.WORKER_TASK_CORE_THREADS, config.threads())
                .setWorkerOption(Options.WORKER_TASK_MAX_THREADS, config.threads())
                // Threads are named "<id> task-<n>", so a response says which worker ran it.
                .setWorkerOption(Options.WORKER_NAME, config.id())
                // Keep path and query raw, as Vert.x hands them over, so both workers decode the
                // same text with the shared contract. (Undertow 2.4's parser still answers a
                // malformed %-escape with a bare 400 before any handler; nothing turns that off.)
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, STOP_TIMEOUT_MS)
                .addHttpListener(config.port(), config.host())
                .setHandler(new SyncRoutes(state, database))
                .build();
        undertow.start();
        return new SyncWorker(config, state, undertow, database);
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public Topology kind() {
        return Topology.SYNC;
    }

    @Override
    public String host() {
        return config.host();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int capacity() {
        return config.threads();
    }

    /** Requests accepted and not yet answered, including those waiting for a pool thread. */
    @Override
    public int inFlight() {
        return state.inFlight();
    }

    @Override
    public void drain() {
        state.drain();
    }

    @Override
    public void registryStatus(String status) {
        state.registry(status);
    }

    @Override
    public boolean shutdown(Duration grace) {
        return state.shutdown(grace, () -> {
            undertow.stop();
            database.close();
        });
    }

    /** The XNIO worker behind the pool, for tests that check its size. */
    XnioWorker xnioWorker() {
        return undertow.getWorker();
    }
}
