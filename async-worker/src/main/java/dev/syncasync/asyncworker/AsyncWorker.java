package dev.syncasync.asyncworker;

import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerServer;
import dev.syncasync.server.WorkerState;
import dev.syncasync.work.WorkRequest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running async worker: one Vertx with {@code eventLoops} event loops and one HTTP server
 * instance per loop, all on one port, plus an h2c listener on a second port for the balancer
 * ({@link H2cServer}, on the same loops). It takes any number of requests at once.
 */
public final class AsyncWorker implements WorkerServer {

    /** Port 0 for several instances at once: see {@link #listen}. */
    private static final int SHARED_RANDOM_PORT = -1;
    /** Vert.x's own limit, kept: a loop blocked this long is logged, which is the symptom to see. */
    private static final long EVENT_LOOP_WARNING_MS = 2_000;
    /** Blocks shorter than this get the one-line warning only, without a stack trace. */
    private static final long STACK_TRACE_AFTER_MS = 10_000;
    /** How long a shutdown waits for Vert.x to close (longer only if cpu work still blocks a loop). */
    private static final long CLOSE_TIMEOUT_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AsyncWorker.class);

    private final AsyncWorkerConfig config;
    private final Vertx vertx;
    private final WorkerState state;
    private final int port;
    private final H2cServer h2c;

    private AsyncWorker(AsyncWorkerConfig config, Vertx vertx, WorkerState state, int port, H2cServer h2c) {
        this.config = config;
        this.vertx = vertx;
        this.state = state;
        this.port = port;
        this.h2c = h2c;
    }

    /** Starts a worker without a database; see {@link #start(AsyncWorkerConfig, DatabaseConfig)}. */
    public static AsyncWorker start(AsyncWorkerConfig config) {
        return start(config, DatabaseConfig.defaults());
    }

    /**
     * Starts a worker and returns once every instance listens; port 0 picks a free port, see
     * {@link #port()}. Call it from a plain thread, not from a Vert.x thread. Its {@code db}
     * requests share one reactive pool of {@code db.pool-size} connections to {@code db.url}
     * (none when the url is empty); it starts whether or not the database answers.
     */
    public static AsyncWorker start(AsyncWorkerConfig config, DatabaseConfig db) {
        Vertx vertx = Vertx.vertx(vertxOptions(config.eventLoops(), config.offloadThreads()));
        WorkerState state = new WorkerState(config.id(), Topology.ASYNC, UNLIMITED);
        VertxDatabase database = VertxDatabase.open(vertx, db);
        state.database(database.status());
        AsyncRoutes routes = new AsyncRoutes(vertx, state, config.offload(), database);
        try {
            int port = listen(vertx, routes, config).await();
            // Beside it (a free port unless configured): the registry tells the balancer where (WorkerServer.h2cPort).
            H2cServer h2c = H2cServer.listen(vertx, routes, config.host(), config.h2cPort());
            state.metrics().gauge("lab.worker.h2c.connections",
                    "Connections open on the h2c listener (a balancer's multiplexed requests)", h2c::connections);
            return new AsyncWorker(config, vertx, state, port, h2c);
        } catch (Exception e) {
            // await() rethrows a failed bind as is, checked or not.
            vertx.close();
            throw new IllegalStateException(config.id() + " cannot listen on " + config.host() + ":"
                    + config.port() + " (h2c " + config.h2cPort() + "): " + e, e);
        }
    }

    /**
     * The worker pool that runs offloaded cpu work has {@code offloadThreads} threads (the config's
     * {@code async.offload-threads}, by default one per CPU), set explicitly rather than Vert.x's
     * default of 20. CPU-bound work gains nothing from more threads than cores: they only share
     * the cores, and a request's share then depends on how the kernel's scheduler slices 20
     * threads, which no model here predicts within 15%; with one thread per core an offloaded
     * request waits for a pool thread in FIFO order, as a sync request waits for its slot.
     */
    static VertxOptions vertxOptions(int eventLoops, int offloadThreads) {
        return new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setWorkerPoolSize(offloadThreads)
                // Blocking a loop with cpu work is the experiment, so the blocked-thread checker
                // stays on and still warns after 2 s. Its stack trace (default: after 5 s) would
                // only show CpuBurner again and again, so it waits until a block passes 10 s.
                .setMaxEventLoopExecuteTime(EVENT_LOOP_WARNING_MS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(STACK_TRACE_AFTER_MS)
                .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS)
                // An offloaded burn may use up to MAX_MS of CPU, and more wall time on a busy host.
                .setMaxWorkerExecuteTime(2L * WorkRequest.MAX_MS)
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS);
    }

    /**
     * Deploys one server instance per event loop, all on one port. Vert.x shares a port between
     * the instances of one Vertx, and hands each new connection to the next instance in turn.
     * Port 0 is not shared (each instance would bind its own random port, and binding the port
     * the first one got fails: "Address already in use"); a negative port is Vert.x's "random
     * port shared by every server of this Vertx that asks for this same negative number" (see
     * NetServerImpl.bind; not in the Javadoc, so a test checks that both loops serve one port).
     */
    private static Future<Integer> listen(Vertx vertx, AsyncRoutes routes, AsyncWorkerConfig config) {
        int port = config.port() == 0 ? SHARED_RANDOM_PORT : config.port();
        AtomicInteger bound = new AtomicInteger();
        return vertx.deployVerticle(() -> new HttpVerticle(routes, config.host(), port, bound),
                        new DeploymentOptions().setInstances(config.eventLoops()))
                .map(deployed -> bound.get());
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public Topology kind() {
        return Topology.ASYNC;
    }

    @Override
    public String host() {
        return config.host();
    }

    @Override
    public int port() {
        return port;
    }

    /** The h2c listener the balancer multiplexes its requests on. */
    @Override
    public int h2cPort() {
        return h2c.port();
    }

    @Override
    public int capacity() {
        return UNLIMITED;
    }

    /** Requests accepted and not yet answered. */
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

    /** Drains, waits, then closes the Vertx instance; call it from a plain thread. */
    @Override
    public boolean shutdown(Duration grace) {
        return state.shutdown(grace, this::closeVertx);
    }

    private void closeVertx() {
        h2c.close(CLOSE_TIMEOUT_MS);
        try {
            vertx.close().await(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.atWarn().log(() -> id() + ": Vert.x did not close within " + CLOSE_TIMEOUT_MS
                    + " ms; cpu work may still block a loop");
        }
    }
}
