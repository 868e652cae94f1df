package dev.syncasync.syncworker;

import dev.syncasync.metrics.Prometheus;
import dev.syncasync.server.WorkerState;
import dev.syncasync.work.BadParameterException;
import dev.syncasync.work.CpuBurner;
import dev.syncasync.work.Json;
import dev.syncasync.work.LabHeaders;
import dev.syncasync.work.Millis;
import dev.syncasync.work.QueryString;
import dev.syncasync.work.WorkRequest;
import dev.syncasync.work.WorkResult;
import dev.syncasync.work.WorkResult.DbTime;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Every route of the sync worker and the thread each one runs on. Undertow calls
 * {@link #handleRequest} on its single IO thread; only {@code /work} leaves it, for a thread of
 * the fixed pool (sync) or for a new virtual thread (virtual): the one line where the two kinds
 * differ. The blocking handler they run is the same.
 */
final class SyncRoutes implements HttpHandler {

    private static final String JSON = "application/json";
    private static final HttpString WORKER_ID = new HttpString(LabHeaders.WORKER_ID);
    private static final HttpString POOL_WAIT_MS = new HttpString(LabHeaders.POOL_WAIT_MS);
    /** Service time measured on the work thread, read back when the exchange completes. */
    private static final AttachmentKey<Long> SERVICE_NANOS = AttachmentKey.create(Long.class);

    private final WorkerState state;
    /** The database behind {@code db=<ms>}: the worker's own HikariCP pool. */
    private final JdbcDatabase database;
    private final Map<String, HttpHandler> routes;
    /** Where {@code /work} runs: null = Undertow's fixed worker pool, else a virtual thread per task. */
    private final Executor virtualThreads;
    /** The virtual worker's {@code max-concurrent}, or null for no limit (and on the sync worker). */
    private final Semaphore permits;
    /** The virtual worker's bounded platform pool for {@code offload=true}; null on the sync worker. */
    private final ExecutorService offload;

    /** The sync worker's routes: {@code /work} on Undertow's fixed pool. */
    SyncRoutes(WorkerState state, JdbcDatabase database) {
        this(state, database, null, null, null);
    }

    /**
     * The virtual worker's routes: {@code /work} on a new thread of {@code virtualThreads} each,
     * at most as many at once as {@code permits} has (null: no limit), and {@code offload=true}
     * computing on {@code offload}'s platform threads.
     */
    SyncRoutes(WorkerState state, JdbcDatabase database, Executor virtualThreads, Semaphore permits,
               ExecutorService offload) {
        this.state = state;
        this.database = database;
        this.virtualThreads = virtualThreads;
        this.permits = permits;
        this.offload = offload;
        this.routes = routing();
    }

    /** The route table: path to handler, all GET. */
    private Map<String, HttpHandler> routing() {
        return Map.of(
                // IO thread: must answer while every work thread is busy, or a balancer would
                // take a saturated worker for a dead one. /health is readiness, as /health/ready.
                "/health", this::health,
                "/health/ready", this::health,
                "/health/live", this::live,
                // IO thread: a scrape only reads counters, it never waits.
                "/metrics", this::metrics,
                // IO thread validates; the work itself is dispatched to its thread (see work).
                "/work", this::work);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(WORKER_ID, state.id());
        String path = exchange.getRequestPath();
        String method = exchange.getRequestMethod().toString();
        HttpHandler route = routes.get(path);
        if (route == null) {
            reject(exchange, 404, WorkerState.noRoute(method, path));
        } else if (!Methods.GET.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().put(Headers.ALLOW, Methods.GET_STRING);
            reject(exchange, 405, WorkerState.methodNotAllowed(method, path));
        } else {
            route.handleRequest(exchange);
        }
    }

    private void health(HttpServerExchange exchange) {
        send(exchange, state.ready() ? 200 : 503, JSON, state.healthJson());
    }

    private void live(HttpServerExchange exchange) {
        send(exchange, 200, JSON, state.liveJson());
    }

    private void metrics(HttpServerExchange exchange) {
        send(exchange, 200, Prometheus.CONTENT_TYPE, state.metrics().scrape());
    }

    private void work(HttpServerExchange exchange) {
        WorkRequest request;
        try {
            // The raw query, decoded by the shared contract, so both workers reject the same input.
            request = WorkRequest.parse(QueryString.parse(exchange.getQueryString()));
        } catch (BadParameterException e) {
            reject(exchange, 400, e.toJson());
            return;
        }
        state.started();
        exchange.addExchangeCompleteListener((done, next) -> {
            Long nanos = done.getAttachment(SERVICE_NANOS);
            state.finished(done.getStatusCode(), nanos == null ? 0 : nanos);
            next.proceed();
        });
        if (virtualThreads == null) {
            // THE threading decision of the sync model: the request leaves the IO thread for one of
            // the fixed pool's `threads` blocking threads and holds it for its whole io + cpu. When
            // every thread is busy, it waits in the pool's queue until one frees.
            exchange.dispatch(blocking -> serve(blocking, request));
        } else {
            // THE threading decision of the virtual model: the same blocking handler, each request
            // on a new virtual thread. Sleeping unmounts it from its carrier, so waiting holds no OS
            // thread; computing holds a carrier (one per core) until it is done: no preemption.
            exchange.dispatch(virtualThreads, blocking -> serveWithin(blocking, request));
        }
    }

    /** On a virtual thread: waits for one of {@code max-concurrent} permits (if any), then serves. */
    private void serveWithin(HttpServerExchange exchange, WorkRequest request) {
        if (permits == null) {
            serve(exchange, request);
            return;
        }
        try {
            // A virtual thread parks here without holding a carrier, like a request in the pool's queue.
            permits.acquire();
        } catch (InterruptedException e) {
            stopped(exchange);
            return;
        }
        try {
            serve(exchange, request);
        } finally {
            permits.release();
        }
    }

    /**
     * Runs on a pool thread or a virtual thread: blocks for {@code io}, then for a connection of
     * the worker's database pool and {@code db} in the database, then burns {@code cpu} on the
     * same thread (the connection is back in the pool by then). Nothing here holds a monitor while it blocks, so a virtual thread never
     * pins its carrier (JDK 21-23 pin inside synchronized).
     */
    private void serve(HttpServerExchange exchange, WorkRequest request) {
        long startNanos = System.nanoTime();
        long startUs = Millis.nowMicros();
        try {
            // A blocking wait, like a JDBC call: the thread can do nothing else meanwhile.
            Thread.sleep(request.ioMs());
        } catch (InterruptedException e) {
            stopped(exchange);
            return;
        }
        DbTime db = DbTime.NONE;
        if (request.dbMs() > 0) {
            try {
                // Blocking, like the io above: the thread waits for a connection, then for the query.
                db = database.sleep(request.dbMs());
            } catch (JdbcDatabase.Unavailable e) {
                exchange.getResponseHeaders().put(POOL_WAIT_MS, Millis.format(e.waitedUs() / 1_000.0));
                exchange.putAttachment(SERVICE_NANOS, System.nanoTime() - startNanos);
                send(exchange, 503, JSON, database.status().unavailableJson(e.getMessage()));
                return;
            }
            exchange.getResponseHeaders().put(POOL_WAIT_MS, db.poolWaitHeader());
        }
        boolean offloaded = offload != null && request.offloadOr(false) && request.cpuMs() > 0;
        long cpuNanos;
        try {
            cpuNanos = offloaded ? offloaded(request.cpuMs()) : CpuBurner.burn(request.cpuMs());
        } catch (InterruptedException e) {
            stopped(exchange);
            return;
        }
        WorkResult result = new WorkResult(state.id(), state.kind(), Thread.currentThread().getName(),
                startUs, Millis.nowMicros(), request.ioMs(), request.cpuMs(), cpuNanos / 1_000, offloaded, db);
        exchange.putAttachment(SERVICE_NANOS, System.nanoTime() - startNanos);
        send(exchange, 200, JSON, result.toJson());
    }

    /**
     * Virtual worker, {@code offload=true}: the computation runs on a platform thread of the
     * bounded pool, which the OS time-slices; this virtual thread parks meanwhile and frees its
     * carrier for the other requests. (Computing on the carrier holds it until done: no preemption.)
     */
    private long offloaded(int cpuMs) throws InterruptedException {
        try {
            return offload.submit(() -> CpuBurner.burn(cpuMs)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the offloaded computation failed", e.getCause());
        }
    }

    /** Only a shutdown whose grace period ran out interrupts a work thread. */
    private static void stopped(HttpServerExchange exchange) {
        Thread.currentThread().interrupt();
        send(exchange, 503, JSON, Json.object().put("error", "worker stopped before the work finished").toString());
    }

    private void reject(HttpServerExchange exchange, int status, String body) {
        state.rejected(status);
        send(exchange, status, JSON, body);
    }

    private static void send(HttpServerExchange exchange, int status, String contentType, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseSender().send(body);
    }
}
