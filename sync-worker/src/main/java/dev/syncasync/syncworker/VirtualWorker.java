package dev.syncasync.syncworker;

import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.config.VirtualWorkerConfig;
import dev.syncasync.server.WorkerServer;
import dev.syncasync.server.WorkerState;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.xnio.Options;

/**
 * A running virtual worker: the sync worker's Undertow server and blocking handler, with each
 * {@code /work} request on a new virtual thread instead of a thread of a fixed pool, so it
 * serves any number of requests at once ({@code max-concurrent} caps it when set).
 *
 * <p>Why this mechanism: Undertow has no virtual-thread switch, but
 * {@code exchange.dispatch(executor, handler)} runs a handler on any {@link java.util.concurrent.Executor}
 * with the same exchange semantics as its worker pool (the IO thread hands the exchange over and
 * the handler's response is written from the new thread). A thread-per-task executor over a
 * virtual-thread factory is {@code Executors.newVirtualThreadPerTaskExecutor()} with named
 * threads. The IO thread keeps parsing and answering {@code /health} and {@code /metrics}, so a
 * worker whose carriers are all computing still answers its health checks. All virtual workers
 * of one JVM share the JDK's scheduler: its carrier threads, one per core by default. A virtual
 * thread that computes holds its carrier until it is done (no preemption); {@code offload=true}
 * runs the computation on a bounded pool of platform threads instead.
 */
public final class VirtualWorker implements WorkerServer {

    /** How long stopping waits for interrupted virtual threads to answer their 503 before the server stops. */
    private static final int STOP_TIMEOUT_MS = 1_000;
    /** Streams one h2c connection may carry at once: the async worker's limit, far above any burst the lab sends. */
    private static final int MAX_STREAMS = 100_000;
    /** Header fields and bytes of one request: above the balancer's largest edge limits (190 fields, 60 KiB). */
    private static final int MAX_HEADERS = 256;
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Undertow's own buffer size for a JVM of this heap, and the most buffers its pool keeps for reuse. */
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int POOLED_BUFFERS = 256;
    /**
     * Undertow reads the largest HTTP/2 header block it decodes from a system property once, when its
     * HTTP/2 channel class loads (20,000 bytes by default; a larger head is a GOAWAY COMPRESSION_ERROR
     * that fails every stream of the connection). Set before any h2c connection, unless the user set it.
     */
    private static final String HTTP2_MAX_HEADER_SIZE = "io.undertow.http2-max-header-size";

    static {
        if (System.getProperty(HTTP2_MAX_HEADER_SIZE) == null) {
            System.setProperty(HTTP2_MAX_HEADER_SIZE, Integer.toString(MAX_HEAD_BYTES));
        }
    }

    private final VirtualWorkerConfig config;
    private final WorkerState state;
    private final Undertow undertow;
    private final ExecutorService virtualThreads;
    private final ExecutorService offload;
    private final JdbcDatabase database;
    private final int port;

    private VirtualWorker(VirtualWorkerConfig config, WorkerState state, Undertow undertow,
                          ExecutorService virtualThreads, ExecutorService offload, JdbcDatabase database) {
        this.database = database;
        this.config = config;
        this.state = state;
        this.undertow = undertow;
        this.virtualThreads = virtualThreads;
        this.offload = offload;
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** Starts a worker without a database; see {@link #start(VirtualWorkerConfig, DatabaseConfig)}. */
    public static VirtualWorker start(VirtualWorkerConfig config) {
        return start(config, DatabaseConfig.defaults());
    }

    /**
     * Starts a worker and returns once it listens; port 0 picks a free port, see {@link #port()}.
     * Its {@code db} requests share a HikariCP pool of {@code db.pool-size} connections: however
     * many virtual threads run, at most that many are in the database at once.
     */
    public static VirtualWorker start(VirtualWorkerConfig config, DatabaseConfig db) {
        WorkerState state = new WorkerState(config.id(), Topology.VIRTUAL, capacity(config));
        JdbcDatabase database = JdbcDatabase.open(db, config.id());
        state.database(database.status());
        // Threads are named "<id> vthread-<n>", so a response says which worker ran it.
        ExecutorService virtualThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(config.id() + " vthread-", 1).factory());
        Semaphore permits = config.limited() ? new Semaphore(config.maxConcurrent(), true) : null;
        // offload=true: the computation on a bounded pool of platform threads, "<id> offload-<n>".
        ExecutorService offload = Executors.newFixedThreadPool(config.offloadThreads(),
                Thread.ofPlatform().name(config.id() + " offload-", 1).daemon().factory());
        Undertow undertow = Undertow.builder()
                // One IO thread accepts, parses and answers /health; it never runs work.
                .setIoThreads(1)
                // Undertow's own task pool runs nothing here (/work goes to the virtual threads): keep it at one.
                .setWorkerThreads(1)
                .setWorkerOption(Options.WORKER_NAME, config.id())
                // Heap buffers, in a pool without per-thread caches. Undertow's default pool caches freed
                // direct buffers per thread, and here every request is a new thread: each one's buffers
                // went to a cache that died with it, and direct memory only comes back when a GC runs
                // the buffers' cleaners. A heap of 512 MB that rarely collects then ran out of direct
                // memory (its limit is the heap's size) under 10,000 h2c streams: OutOfMemoryError on the
                // IO thread, every request stuck until the balancer's response timeout. Heap buffers are
                // ordinary garbage, and a bounded pool keeps what waits in it small and constant.
                .setByteBufferPool(new DefaultByteBufferPool(false, BUFFER_BYTES, POOLED_BUFFERS, 0))
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, STOP_TIMEOUT_MS)
                // h2c with prior knowledge beside HTTP/1.1 on the same port: the balancer sends every
                // request as a stream on one connection per loop, so 10,000 waiting requests take a
                // handful of sockets on both sides instead of 10,000 (one process may open 20,000
                // files here). The stream limit is the async worker's, announced to the balancer.
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, MAX_STREAMS)
                // Room for whatever the balancer forwards: it applies the lab's header limits at the
                // edge and adds a few headers of its own, and on h2c the pseudo-headers count too.
                .setServerOption(UndertowOptions.MAX_HEADERS, MAX_HEADERS)
                .setServerOption(UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, MAX_HEAD_BYTES)
                .addHttpListener(config.port(), config.host())
                .setHandler(new SyncRoutes(state, database, virtualThreads, permits, offload))
                .build();
        undertow.start();
        // Start the JDK's virtual-thread scheduler from this thread: its carriers are created from
        // here and from the IO thread, so a worker started on pinned CPUs computes on them.
        startScheduler(virtualThreads);
        return new VirtualWorker(config, state, undertow, virtualThreads, offload, database);
    }

    private static void startScheduler(ExecutorService virtualThreads) {
        try {
            virtualThreads.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start a virtual thread", e.getCause());
        }
    }

    private static int capacity(VirtualWorkerConfig config) {
        return config.limited() ? config.maxConcurrent() : UNLIMITED;
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public Topology kind() {
        return Topology.VIRTUAL;
    }

    @Override
    public String host() {
        return config.host();
    }

    @Override
    public int port() {
        return port;
    }

    /** {@code max-concurrent}, or {@link #UNLIMITED}. */
    @Override
    public int capacity() {
        return capacity(config);
    }

    /** Requests accepted and not yet answered, including those waiting for a permit. */
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
        return state.shutdown(grace, this::stop);
    }

    /** After the grace period: interrupt what still runs (it answers 503), then stop the server. */
    private void stop() {
        virtualThreads.shutdownNow();
        offload.shutdownNow();
        try {
            virtualThreads.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        database.close();
    }
}
