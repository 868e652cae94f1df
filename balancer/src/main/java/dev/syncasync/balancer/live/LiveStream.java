package dev.syncasync.balancer.live;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /live/events}: one server-sent event per tick to every open page. One timer samples
 * the balancer for all of them, and only while at least one is open: with no page, nothing runs.
 * A page that cannot keep up misses ticks instead of piling them up in the balancer's memory.
 */
final class LiveStream {

    /** The push rate: enough for a wave of a few hundred milliseconds to show as it happens. */
    static final int TICKS_PER_SECOND = 10;
    static final long TICK_MS = 1000 / TICKS_PER_SECOND;
    /** Pages open at once; the next one gets 503. Each costs one encoded message per tick. */
    static final int MAX_VIEWERS = 16;

    private final Vertx vertx;
    private final Sampler sampler;
    private final Bursts bursts;
    private final Set<HttpServerResponse> viewers = new LinkedHashSet<>();
    private long timer = -1;
    /** What the previous tick cost the event loop (sampling, encoding, writing), in microseconds. */
    private long lastTickUs;

    LiveStream(Vertx vertx, Sampler sampler, Bursts bursts) {
        this.vertx = vertx;
        this.sampler = sampler;
        this.bursts = bursts;
    }

    void subscribe(HttpServerRequest request) {
        if (viewers.size() >= MAX_VIEWERS) {
            request.response().putHeader("Retry-After", "5");
            LiveHttp.json(request, 503, new JsonObject().put("error", MAX_VIEWERS
                    + " live views are open on this balancer already; close one").put("reason", "too-many-viewers"));
            return;
        }
        HttpServerResponse response = LiveHttp.secured(request.response())
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .setChunked(true);
        if (timer < 0) {
            sampler.start();
            timer = vertx.setPeriodic(TICK_MS, id -> tick());
        }
        viewers.add(response);
        response.closeHandler(v -> viewers.remove(response));
        response.exceptionHandler(e -> viewers.remove(response));
        // retry: how long a browser waits before it reconnects by itself after the balancer restarts.
        response.write("retry: 1000\n\nevent: hello\ndata: "
                + sampler.hello().put("burst", bursts.summary()).encode() + "\n\n");
    }

    private void tick() {
        long start = System.nanoTime();
        viewers.removeIf(HttpServerResponse::closed);
        if (viewers.isEmpty()) {
            vertx.cancelTimer(timer);
            timer = -1;
            return;
        }
        // The page shows what watching costs: the previous tick's time on the balancer's event loop.
        String frame = "data: " + sampler.sample().put("burst", bursts.summary()).put("tickCostUs", lastTickUs)
                .encode() + "\n\n";
        for (HttpServerResponse viewer : List.copyOf(viewers)) {
            if (!viewer.writeQueueFull()) {
                viewer.write(frame);
            }
        }
        lastTickUs = (System.nanoTime() - start) / 1_000;
    }

    /** How many pages are open now (for tests). */
    int viewers() {
        return viewers.size();
    }

    /** Whether the sampling timer runs: only while a page is open. */
    boolean sampling() {
        return timer >= 0;
    }
}
