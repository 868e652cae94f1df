package dev.syncasync.balancer;

import dev.syncasync.balancer.live.LiveSource;
import dev.syncasync.config.Topology;
import dev.syncasync.metrics.Prometheus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The admin port's routes: {@code GET /admin/workers}, {@code GET /admin/timeline[?after=SEQ][&limit=N]},
 * {@code GET|POST /admin/topology}, {@code GET /metrics}, {@code GET /health/live} (the container's
 * health check) and {@code /health/ready} (= {@code /health}, see {@link BalancerHealth}). The one mutating
 * call needs the admin token.
 * Runs on the balancer's event loop, so it reads the live state directly; the live view reads the
 * same two documents through {@link LiveSource}.
 */
final class AdminApi implements Handler<HttpServerRequest>, LiveSource {

    private final Dispatcher dispatcher;
    private final Timeline timeline;
    private final BalancerMetrics metrics;
    private final int maxQueue;
    private final byte[] token;
    private final Consumer<Topology> topologyRequest;
    private final BalancerHealth health;

    AdminApi(Dispatcher dispatcher, Timeline timeline, BalancerMetrics metrics, int maxQueue, String token,
             Consumer<Topology> topologyRequest) {
        this.dispatcher = dispatcher;
        this.timeline = timeline;
        this.metrics = metrics;
        this.maxQueue = maxQueue;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.topologyRequest = topologyRequest;
        this.health = new BalancerHealth(dispatcher);
    }

    /**
     * {@code GET /admin/topology} reads the active pool; {@code POST /admin/topology?topology=async}
     * (or a JSON body {@code {"topology": "async"}}) switches it, with
     * {@code Authorization: Bearer <token>}.
     */
    private void topologyCall(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET) {
            Http.json(request, 200, new JsonObject().put("topology", dispatcher.topology().label()));
        } else if (request.method() != HttpMethod.POST) {
            request.response().putHeader("Allow", "GET, POST");
            Http.json(request, 405, new JsonObject().put("error", request.method() + " is not allowed on /admin/topology"));
        } else if (!authorized(request)) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            Http.json(request, 401, new JsonObject().put("error",
                    "a mutating admin call needs 'Authorization: Bearer <token>' (balancer.admin-token)"));
        } else {
            request.body().onSuccess(body -> switchTo(request, request.getParam("topology") != null
                    ? request.getParam("topology") : Http.field(body, "topology")));
        }
    }

    private void switchTo(HttpServerRequest request, String name) {
        Topology topology = name == null ? null : Topology.BY_NAME.get(name.strip().toLowerCase(Locale.ROOT));
        if (topology == null) {
            Http.json(request, 400, new JsonObject().put("error", "topology must be one of "
                    + String.join(", ", Topology.BY_NAME.keySet()) + ", got " + (name == null ? "nothing" : "'" + name + "'"))
                    .put("parameter", "topology"));
            return;
        }
        Topology before = dispatcher.topology();
        topologyRequest.accept(topology);
        Http.json(request, 202, new JsonObject().put("topology", topology.label()).put("was", before.label()));
    }

    /** Whether {@code request} carries the admin token (the live view's burst asks the same). */
    boolean authorized(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (request.path().equals("/admin/topology")) {
            topologyCall(request);
            return;
        }
        if (request.method() != HttpMethod.GET) {
            request.response().putHeader("Allow", "GET");
            Http.json(request, 405, new JsonObject().put("error", request.method() + " is not allowed on "
                    + request.path() + "; only POST /admin/topology changes anything"));
            return;
        }
        switch (request.path()) {
            case "/admin/workers" -> Http.json(request, 200, workers());
            case "/admin/timeline" -> timeline(request);
            case "/metrics" -> request.response().putHeader("Content-Type", Prometheus.CONTENT_TYPE)
                    .end(metrics.scrape());
            case "/health", "/health/live", "/health/ready" -> health.answer(request);
            default -> Http.json(request, 404, new JsonObject().put("error", "no route for GET " + request.path()
                    + "; try / (the live view), /admin/workers, /admin/timeline, /metrics, /health/live, /health/ready"));
        }
    }

    @Override
    public JsonObject workers() {
        synchronized (dispatcher) {
            JsonArray list = new JsonArray();
            List<Backend> sorted = new ArrayList<>(dispatcher.backendList());
            // Registration order depends on Hazelcast's event threads; a stable order reads better.
            sorted.sort(Comparator.comparing((Backend b) -> b.info.kind()).thenComparingInt(b -> b.id().length())
                    .thenComparing(Backend::id));
            for (Backend b : sorted) {
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
    }

    @Override
    public JsonObject timeline(long after, int limit) {
        return timeline.toJson(after, limit);
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
