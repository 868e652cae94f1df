package dev.syncasync.asyncworker;

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
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * Every route of the async worker. All of them run on the event loop that owns the
 * connection; only an offloaded {@code cpu} leaves it. One instance serves every event loop,
 * and both servers ({@link HttpVerticle} and {@link H2cServer}): a request is an {@link Exchange}.
 */
final class AsyncRoutes implements Handler<Exchange> {

    private static final String GET = "GET";

    private static final String JSON = "application/json";

    private final Vertx vertx;
    private final WorkerState state;
    private final boolean offloadByDefault;
    /** The database behind {@code db=<ms>}: the worker's own reactive pool. */
    private final VertxDatabase database;
    private final Map<String, Handler<Exchange>> routes;

    AsyncRoutes(Vertx vertx, WorkerState state, boolean offloadByDefault, VertxDatabase database) {
        this.vertx = vertx;
        this.database = database;
        this.state = state;
        this.offloadByDefault = offloadByDefault;
        this.routes = routing();
    }

    /** The route table: path to handler, all GET. */
    private Map<String, Handler<Exchange>> routing() {
        return Map.of(
                // Event loop: answers at once unless cpu work is blocking this very loop,
                // which is what a health check of a blocked async server really sees.
                // /health is readiness, as /health/ready.
                "/health", this::health,
                "/health/ready", this::health,
                "/health/live", this::live,
                // Event loop: a scrape only reads counters, it never waits.
                "/metrics", this::metrics,
                // Event loop: io waits on a timer; cpu runs here or on the worker pool (see compute).
                "/work", this::work);
    }

    @Override
    public void handle(Exchange request) {
        request.header(LabHeaders.WORKER_ID, state.id());
        String path = request.path();
        String method = request.method();
        Handler<Exchange> route = routes.get(path);
        if (route == null) {
            reject(request, 404, WorkerState.noRoute(method, path));
        } else if (!method.equals(GET)) {
            request.header("Allow", GET);
            reject(request, 405, WorkerState.methodNotAllowed(method, path));
        } else {
            route.handle(request);
        }
    }

    private void health(Exchange request) {
        request.end(state.ready() ? 200 : 503, JSON, state.healthJson());
    }

    private void live(Exchange request) {
        request.end(200, JSON, state.liveJson());
    }

    private void metrics(Exchange request) {
        request.end(200, Prometheus.CONTENT_TYPE, state.metrics().scrape());
    }

    private void work(Exchange request) {
        WorkRequest work;
        try {
            // The raw query, decoded by the shared contract, so both workers reject the same input.
            work = WorkRequest.parse(QueryString.parse(request.query()));
        } catch (BadParameterException e) {
            reject(request, 400, e.toJson());
            return;
        }
        state.started();
        long startNanos = System.nanoTime();
        long startUs = Millis.nowMicros();
        boolean offload = work.offloadOr(offloadByDefault);
        // A request that computes on the loop is its own task, after the read that brought it. On
        // an h2c connection one read can bring dozens of requests (streams), and Vert.x flushes what
        // they answered only once that read is done: cpu run inline would hold every answer of the
        // batch until the last request's work ends, where on HTTP/1.1 (a connection per request)
        // each answer leaves when its own work does. As tasks, the loop still takes them in order,
        // and each answer is flushed as it is written. Requests that do not compute on the loop
        // stay inline: their answers leave together at the end of the read, one write for the
        // batch (as tasks, each flushed alone, the workers' CPU per request behind the balancer
        // rose from 5-9 to 18 us in ./lab bench --vs haproxy).
        Runnable run = () -> waitFor(work.ioMs())
                // io, then db, then cpu: the order of the sync worker's blocking handler.
                .compose(none -> queryFor(work.dbMs()))
                .compose(db -> compute(work.cpuMs(), offload).map(burn -> burn.with(db)))
                .onComplete(burn -> respond(request, work, offload, startUs, startNanos, burn));
        if (work.cpuMs() > 0 && !offload) {
            Vertx.currentContext().runOnContext(ignored -> run.run());
        } else {
            run.run();
        }
    }

    /**
     * Waiting for the database without a thread: the request queues for one of the pool's
     * connections (a callback), then the event loop serves others until the query answers.
     */
    private Future<DbTime> queryFor(int dbMs) {
        return dbMs == 0 ? Future.succeededFuture(DbTime.NONE) : database.sleep(dbMs);
    }

    /** Waiting without a thread: the event loop serves other requests until the timer fires. */
    private Future<Void> waitFor(int ioMs) {
        return ioMs == 0 ? Future.succeededFuture() : vertx.timer(ioMs);
    }

    /**
     * THE threading decision of the async model. By default the cpu work runs right here on
     * the event loop and blocks it: every other connection of this loop waits (the experiment).
     * Offloaded, it runs on the worker pool like Python's run_in_executor, and the loop stays
     * free; {@code ordered=false} so offloaded requests of one loop do not queue behind each other.
     * An offloaded request hops to the pool even with {@code cpu=0}: it pays the hop it asked for.
     */
    private Future<Burn> compute(int cpuMs, boolean offload) {
        return offload
                ? vertx.executeBlocking(() -> Burn.here(cpuMs), false)
                : Future.succeededFuture(Burn.here(cpuMs));
    }

    private void respond(Exchange request, WorkRequest work, boolean offload, long startUs,
                         long startNanos, AsyncResult<Burn> burn) {
        if (burn.failed() && burn.cause() instanceof VertxDatabase.Unavailable unavailable) {
            request.header(LabHeaders.POOL_WAIT_MS, Millis.format(unavailable.waitedUs() / 1_000.0));
            request.end(503, JSON, database.status().unavailableJson(unavailable.getMessage()))
                    .onComplete(sent -> state.finished(503, System.nanoTime() - startNanos));
            return;
        }
        if (burn.failed()) {
            String error = Json.object().put("error", "work failed: " + burn.cause()).toString();
            request.end(500, JSON, error)
                    .onComplete(sent -> state.finished(500, System.nanoTime() - startNanos));
            return;
        }
        DbTime db = burn.result().db();
        if (work.dbMs() > 0) {
            request.header(LabHeaders.POOL_WAIT_MS, db.poolWaitHeader());
        }
        WorkResult result = new WorkResult(state.id(), state.kind(), burn.result().thread(), startUs,
                Millis.nowMicros(), work.ioMs(), work.cpuMs(), burn.result().cpuNanos() / 1_000, offload, db);
        long serviceNanos = System.nanoTime() - startNanos;
        // In flight until the response is written, so a shutdown never cuts one short.
        request.end(200, JSON, result.toJson())
                .onComplete(sent -> state.finished(200, serviceNanos));
    }

    private void reject(Exchange request, int status, String body) {
        state.rejected(status);
        request.end(status, JSON, body);
    }

    /**
     * The cpu work done and the thread that did it.
     *
     * @param thread   name of the thread that burned the CPU
     * @param cpuNanos CPU time it used
     * @param db       the database part that came before
     */
    private record Burn(String thread, long cpuNanos, DbTime db) {

        static Burn here(int cpuMs) {
            long used = CpuBurner.burn(cpuMs);
            return new Burn(Thread.currentThread().getName(), used, DbTime.NONE);
        }

        Burn with(DbTime before) {
            return new Burn(thread, cpuNanos, before);
        }
    }
}
