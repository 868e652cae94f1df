package dev.syncasync.balancer.live;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * The live view's routes on the admin port, in front of the admin API:
 * <ul>
 *   <li>{@code GET /} the page, {@code GET /live/live.js} and {@code /live/live.css} its assets
 *       (all served from this jar: the page needs no network beyond this port);</li>
 *   <li>{@code GET /live/events} server-sent events, {@value LiveStream#TICKS_PER_SECOND} a second
 *       at most ({@link LiveStream});</li>
 *   <li>{@code POST /live/burst?n=&io=&cpu=} with the admin token sends a bounded burst through the
 *       client port, {@code GET /live/burst} reads the last one ({@link Bursts}).</li>
 * </ul>
 * Every other request goes on to the admin API. Runs on the balancer's control event loop.
 */
public final class LiveView {

    private final Assets assets = new Assets();
    private final LiveStream stream;
    private final Bursts bursts;

    /**
     * @param vertx      the balancer's Vert.x; requests arrive on its control event loop
     * @param source     the admin API's two documents
     * @param authorized whether a request carries the admin token (the admin API's own check)
     * @param clientHost the client port's bind address; a wildcard means loopback here
     * @param clientPort the client port, read when a burst starts
     */
    public LiveView(Vertx vertx, LiveSource source, Predicate<HttpServerRequest> authorized, String clientHost,
                    IntSupplier clientPort) {
        this.bursts = new Bursts(vertx, source, authorized, new BurstTarget(clientHost, clientPort));
        this.stream = new LiveStream(vertx, new Sampler(source), bursts);
    }

    /** The admin port's handler: these routes first, then {@code next} for everything else. */
    public Handler<HttpServerRequest> around(Handler<HttpServerRequest> next) {
        return request -> {
            if (!handle(request)) {
                next.handle(request);
            }
        };
    }

    /** Answers one of the live view's routes; false when {@code request} is for someone else. */
    boolean handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/") || path.equals("/index.html")) {
            if (readOnly(request)) {
                assets.serve(request, "index.html");
            }
            return true;
        }
        if (!path.startsWith("/live/")) {
            return false;
        }
        switch (path) {
            case "/live/events" -> {
                if (request.method() == HttpMethod.GET) {
                    stream.subscribe(request);
                } else {
                    request.response().putHeader("Allow", "GET");
                    LiveHttp.json(request, 405, new JsonObject().put("error", request.method()
                            + " is not allowed on /live/events"));
                }
            }
            case "/live/burst" -> bursts.handle(request);
            default -> {
                if (readOnly(request)) {
                    assets.serve(request, path.substring("/live/".length()));
                }
            }
        }
        return true;
    }

    private static boolean readOnly(HttpServerRequest request) {
        if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
            return true;
        }
        request.response().putHeader("Allow", "GET, HEAD");
        LiveHttp.json(request, 405, new JsonObject().put("error", request.method() + " is not allowed on "
                + request.path()));
        return false;
    }
}
