package dev.syncasync.balancer.live;

import io.vertx.core.Future;
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
    /** Between a burst's acceptance and its first send, while its round trip is measured. */
    private boolean starting;
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
        if (starting) {
            LiveHttp.json(request, 409, new JsonObject().put("error", "a burst is starting (its round trip is being "
                    + "measured); one at a time").put("reason", "burst-running"));
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
        long id = ++nextId;
        BurstPrediction work = BurstPrediction.of(burst, slots, cores);
        starting = true;
        // The round trip of one empty request on a new connection, as each of the burst's goes,
        // measured just before the burst: the prediction adds it to every answer. Twice, keeping
        // the second: the first after a while pays for cold code and caches.
        String probe = "/work?io=0&tag=burst-" + id + "-round-trip";
        long[] sent = new long[1];
        exchange(probe, 1).compose(first -> {
            sent[0] = System.nanoTime();
            return exchange(probe, 1);
        }).onComplete(ar -> {
            starting = false;
            double roundTripMs = (System.nanoTime() - sent[0]) / 1_000_000.0;
            if (ar.failed() || ar.result() != 200) {
                request.response().putHeader("Retry-After", "1");
                LiveHttp.json(request, 503, new JsonObject().put("error", "the round trip before the burst could not "
                        + "be measured: " + (ar.failed() ? ar.cause().getMessage() : "status " + ar.result()))
                        .put("reason", "no-round-trip"));
                return;
            }
            last = new BurstRun(id, burst, pool, work.withRoundTrip(roundTripMs));
            // The 202 first, then the sends: building the answer takes this loop a while (544 ms once,
            // cold, in a test), and the requests' connections wait for the loop; with the clock started
            // before, that wait counted as if the workers had been slow.
            LiveHttp.json(request, 202, new JsonObject().put("burst", last.summary()));
            send(last);
        });
    }

    /** One GET of {@code uri} on a new connection to the client port: its status, or a failure without an answer. */
    private Future<Integer> exchange(String uri, int connections) {
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(connections));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                .setPort(target.port().getAsInt()).setURI(uri).setConnectTimeout(10_000).setIdleTimeout(ANSWER_TIMEOUT_MS);
        return client.request(options)
                .compose(req -> req.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .andThen(ar -> client.close());
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
        run.sending();
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
