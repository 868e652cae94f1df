package dev.syncasync.balancer.live;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;

/**
 * {@code POST /live/burst?n=&io=&cpu=} (admin token required) sends n requests at once to the
 * balancer's own client port and answers 202 with the theory's prediction for the active pool;
 * the stream then carries its progress and, once every request is answered, what it measured.
 * {@code GET /live/burst} reads the last burst with every completion time. One burst at a time,
 * each bounded ({@link BurstRequest}), each request given up after {@link #ANSWER_TIMEOUT_MS}.
 */
final class Bursts {

    /** Longest a burst request may go without a byte (waiting in the queue included). */
    static final long ANSWER_TIMEOUT_MS = 120_000;

    private final Vertx vertx;
    private final LiveSource source;
    private final Predicate<HttpServerRequest> authorized;
    private final BurstTarget target;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private BurstRun last;
    private long nextId;

    Bursts(Vertx vertx, LiveSource source, Predicate<HttpServerRequest> authorized, BurstTarget target) {
        this.vertx = vertx;
        this.source = source;
        this.authorized = authorized;
        this.target = target;
    }

    void handle(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            LiveHttp.json(request, 200, new JsonObject().put("burst", last == null ? null : last.details()));
        } else if (method != HttpMethod.POST) {
            request.response().putHeader("Allow", "GET, HEAD, POST");
            LiveHttp.json(request, 405, new JsonObject().put("error", method + " is not allowed on /live/burst"));
        } else if (!authorized.test(request)) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            LiveHttp.json(request, 401, new JsonObject().put("error",
                    "a burst needs 'Authorization: Bearer <token>' (balancer.admin-token), "
                            + "as POST /admin/topology does"));
        } else {
            start(request);
        }
    }

    private void start(HttpServerRequest request) {
        BurstRequest burst;
        try {
            burst = BurstRequest.parse(request.params());
        } catch (BurstRequest.Invalid e) {
            LiveHttp.badParameter(request, e.parameter, e.getMessage());
            return;
        }
        if (last != null && !last.finished()) {
            LiveHttp.json(request, 409, new JsonObject().put("error", "burst " + last.id + " is still running ("
                    + last.summary().getInteger("answered") + " of " + last.request.n() + " answered); one at a time")
                    .put("reason", "burst-running"));
            return;
        }
        JsonObject workers = source.workers();
        String pool = workers.getString("topology");
        int slots = readySlots(workers);
        if (slots == 0) {
            request.response().putHeader("Retry-After", "1");
            LiveHttp.json(request, 503, new JsonObject().put("error", "no ready worker in the " + pool + " pool")
                    .put("reason", "no-worker"));
            return;
        }
        last = new BurstRun(++nextId, burst, pool, BurstPrediction.of(burst, slots, cores));
        send(last);
        LiveHttp.json(request, 202, new JsonObject().put("burst", last.summary()));
    }

    /** The active pool's slots: the in-flight limits of its ready workers. */
    static int readySlots(JsonObject workers) {
        long slots = 0;
        for (Object o : workers.getJsonArray("workers")) {
            JsonObject w = (JsonObject) o;
            if (w.getBoolean("active", false) && "ready".equals(w.getString("state"))) {
                slots += w.getInteger("inFlightLimit", 0);
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, slots);
    }

    /**
     * All n requests at once, each on its own connection, from a client of the balancer's own
     * Vert.x: its requests arrive at the client port exactly as a user's do.
     */
    private void send(BurstRun run) {
        int n = run.request.n();
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(n));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                .setPort(target.port().getAsInt()).setURI(run.request.uri(run.id))
                .setConnectTimeout(10_000).setIdleTimeout(ANSWER_TIMEOUT_MS);
        for (int i = 0; i < n; i++) {
            client.request(options)
                    .compose(req -> req.send())
                    .compose(response -> response.body().map(body -> response.statusCode()))
                    .onComplete(ar -> {
                        run.answered(ar.succeeded() ? ar.result() : 0, System.nanoTime());
                        if (run.finished()) {
                            client.close();
                        }
                    });
        }
    }

    /** The last burst's numbers for the stream, or null before the first. */
    JsonObject summary() {
        return last == null ? null : last.summary();
    }
}
