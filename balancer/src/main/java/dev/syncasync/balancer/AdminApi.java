package dev.syncasync.balancer;

import dev.syncasync.common.metrics.Prometheus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The admin port's routes, all read-only: {@code GET /admin/workers},
 * {@code GET /admin/timeline[?after=SEQ][&limit=N]}, {@code GET /metrics}, {@code GET /health}.
 * Runs on the balancer's event loop, so it reads the live state directly.
 */
final class AdminApi implements Handler<HttpServerRequest> {

    private final Dispatcher dispatcher;
    private final Timeline timeline;
    private final BalancerMetrics metrics;
    private final int maxQueue;

    AdminApi(Dispatcher dispatcher, Timeline timeline, BalancerMetrics metrics, int maxQueue) {
        this.dispatcher = dispatcher;
        this.timeline = timeline;
        this.metrics = metrics;
        this.maxQueue = maxQueue;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) {
            request.response().putHeader("Allow", "GET");
            Http.json(request, 405, new JsonObject().put("error", request.method() + " is not allowed on "
                    + request.path() + "; the admin API is read-only"));
            return;
        }
        switch (request.path()) {
            case "/admin/workers" -> Http.json(request, 200, workers());
            case "/admin/timeline" -> timeline(request);
            case "/metrics" -> request.response().putHeader("Content-Type", Prometheus.CONTENT_TYPE)
                    .end(metrics.scrape());
            case "/health" -> Http.json(request, 200, new JsonObject().put("status", "up"));
            default -> Http.json(request, 404, new JsonObject().put("error", "no route for GET " + request.path()
                    + "; try /admin/workers, /admin/timeline, /metrics"));
        }
    }

    private JsonObject workers() {
        JsonArray list = new JsonArray();
        for (Backend b : dispatcher.backends()) {
            list.add(new JsonObject()
                    .put("id", b.id())
                    .put("kind", b.info.kind().label())
                    .put("address", b.info.address())
                    .put("state", b.state().label())
                    .put("active", b.info.kind() == dispatcher.topology())
                    .put("capacity", b.info.capacity() == Integer.MAX_VALUE ? null : b.info.capacity())
                    .put("inFlightLimit", b.limit)
                    .put("inFlight", b.inFlight())
                    .put("served", b.served())
                    .put("failures", b.failures()));
        }
        return new JsonObject()
                .put("topology", dispatcher.topology().label())
                .put("queue", new JsonObject().put("waiting", dispatcher.waiting()).put("max", maxQueue))
                .put("inFlight", dispatcher.inFlight())
                .put("workers", list);
    }

    private void timeline(HttpServerRequest request) {
        Long after = Http.longParam(request, "after", 0, 0, Long.MAX_VALUE);
        Long limit = Http.longParam(request, "limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        if (after == null || limit == null) {
            return;
        }
        Http.json(request, 200, timeline.toJson(after, limit.intValue()));
    }
}
