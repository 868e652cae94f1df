package dev.syncasync.balancer;

import static dev.syncasync.balancer.BalancerRig.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.syncasync.config.BalancerConfig;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live view on the admin port of a real balancer with real workers: the page and its assets
 * come from the balancer alone, the event stream pushes at most ten ticks a second and only
 * samples while a page is open, and a burst needs the token, refuses bad input naming the
 * parameter, runs one at a time and measures the waves the theory predicts.
 */
class LiveViewTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private BalancerRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
        http.shutdownNow();
    }

    private BalancerRig syncPool(int workers) {
        rig = BalancerRig.start(BalancerConfig.defaults());
        for (int i = 1; i <= workers; i++) {
            rig.sync("sync-" + i, 1);
        }
        return rig;
    }

    @Test
    void the_page_and_its_assets_come_from_the_admin_port_and_name_no_other_origin() throws Exception {
        syncPool(1);
        HttpResponse<String> page = rig.client().get(rig.adminUrl("/"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
                        "frame-ancestors 'none'"));
        assertThat(page.body()).contains("<script src=\"/live/live.js\" defer></script>",
                "<link rel=\"stylesheet\" href=\"/live/live.css\">");
        for (String asset : List.of("/", "/live/live.js", "/live/live.css")) {
            HttpResponse<String> response = rig.client().get(rig.adminUrl(asset));
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            // No CDN, no web font, no analytics: nothing the page loads or calls lives elsewhere.
            assertThat(response.body()).as(asset).doesNotContain("http://", "https://", "//cdn", "@import", "url(");
        }
        assertThat(rig.client().get(rig.adminUrl("/live/live.js")).headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
    }

    @Test
    void unknown_live_paths_are_404_wrong_methods_405_and_the_admin_api_still_answers_beside_it() throws Exception {
        syncPool(1);

        assertThat(rig.client().get(rig.adminUrl("/live/../../etc/passwd")).statusCode()).isIn(400, 404);
        assertThat(rig.client().get(rig.adminUrl("/live/nothing.js")).statusCode()).isEqualTo(404);
        HttpResponse<String> post = rig.client().post(rig.adminUrl("/"), HttpRequest.BodyPublishers.noBody());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(rig.client().post(rig.adminUrl("/live/events"), HttpRequest.BodyPublishers.noBody())
                .statusCode()).isEqualTo(405);
        assertThat(rig.admin("/admin/workers").getString("topology")).isEqualTo("sync");
        assertThat(rig.client().get(rig.adminUrl("/metrics")).statusCode()).isEqualTo(200);
    }

    @Test
    void the_stream_shows_the_queue_and_pushes_at_most_ten_ticks_a_second() throws Exception {
        syncPool(1);
        try (EventStream stream = new EventStream(rig.adminUrl("/live/events"))) {
            assertThat(stream.response().headers().firstValue("Content-Type"))
                    .hasValue("text/event-stream; charset=utf-8");
            eventually().until(() -> !stream.events().isEmpty());
            JsonObject hello = stream.events().getFirst().data();
            assertThat(stream.events().getFirst().type()).isEqualTo("hello");
            assertThat(hello.getJsonArray("pools").getList()).containsExactly("sync", "async", "virtual");
            assertThat(hello.getString("topology")).isEqualTo("sync");
            assertThat(hello.getJsonArray("workers")).hasSize(1);

            // One thread busy for 1.5 s, two more requests waiting behind it.
            List<CompletableFuture<TestClient.Timed>> requests = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                requests.add(rig.client().getAsync(rig.url("/work?io=1500&tag=seen-" + i)));
            }
            eventually().until(() -> stream.ticks().stream().anyMatch(t ->
                    t.getJsonObject("queue").getInteger("waiting") == 2 && t.getInteger("inFlight") == 1));
            requests.forEach(r -> assertThat(r.join().status()).isEqualTo(200));
            eventually().until(() -> stream.ticks().stream().mapToLong(t -> t.getLong("done")).sum() == 3);

            List<JsonObject> finished = stream.ticks().stream()
                    .flatMap(t -> t.getJsonArray("requests").stream().map(o -> (io.vertx.core.json.JsonArray) o))
                    .map(a -> new JsonObject().put("worker", a.getString(5)).put("slot", a.getInteger(6))
                            .put("status", a.getInteger(7)).put("tag", a.getString(10)))
                    .toList();
            assertThat(finished).extracting(r -> r.getString("tag")).containsExactlyInAnyOrder("seen-0", "seen-1",
                    "seen-2");
            assertThat(finished).allSatisfy(r -> {
                assertThat(r.getString("worker")).isEqualTo("sync-1");
                assertThat(r.getInteger("slot")).isZero();
                assertThat(r.getInteger("status")).isEqualTo(200);
            });
            assertAtMostTenTicksASecond(stream.events());
            // Each tick says what the one before it cost the event loop.
            assertThat(stream.ticks().getLast().getLong("tickCostUs")).isNotNull().isNotNegative();
        }
    }

    /** Over the whole stream: no two ticks closer than the timer allows, and never more than 10 in a second. */
    private static void assertAtMostTenTicksASecond(List<EventStream.Event> events) {
        List<Long> ticks = events.stream().filter(e -> e.type().equals("message"))
                .map(EventStream.Event::receivedNanos).toList();
        assertThat(ticks.size()).isGreaterThan(10);
        double seconds = (ticks.getLast() - ticks.getFirst()) / 1e9;
        // A late tick can arrive right behind the previous one; on average the period holds.
        assertThat((ticks.size() - 1) / seconds).isLessThanOrEqualTo(10.5);
        for (int i = 10; i < ticks.size(); i++) {
            assertThat(ticks.get(i) - ticks.get(i - 10)).as("10 ticks after tick %d", i - 10)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900).toNanos());
        }
    }

    @Test
    void the_balancer_samples_only_while_a_page_is_open() throws Exception {
        syncPool(1);
        // Traffic with no page open: nothing samples it, so the first page finds no history.
        for (int i = 0; i < 3; i++) {
            assertThat(rig.client().get(rig.url("/work?io=100")).statusCode()).isEqualTo(200);
        }
        try (EventStream first = new EventStream(rig.adminUrl("/live/events"))) {
            eventually().until(() -> !first.events().isEmpty());
            assertThat(first.events().getFirst().data().getJsonArray("history")).isEmpty();
            eventually().until(() -> first.ticks().size() >= 3);
            // A second page opened meanwhile gets the history the first one's ticks built.
            try (EventStream second = new EventStream(rig.adminUrl("/live/events"))) {
                eventually().until(() -> !second.events().isEmpty());
                assertThat(second.events().getFirst().data().getJsonArray("history")).isNotEmpty();
            }
        }
        // Both closed: the timer stops at its next tick, and a page opened after that starts from nothing
        // (polled less often than the tick, or every poll would be a page that keeps it running).
        eventually().pollInterval(Duration.ofMillis(250)).until(() -> {
            try (EventStream later = new EventStream(rig.adminUrl("/live/events"))) {
                eventually().until(() -> !later.events().isEmpty());
                return later.events().getFirst().data().getJsonArray("history").isEmpty();
            }
        });
    }

    @Test
    void a_burst_needs_the_admin_token() throws Exception {
        syncPool(1);
        HttpResponse<String> anonymous = rig.client().post(rig.adminUrl("/live/burst?n=5&io=10"),
                HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> wrong = burst("n=5&io=10", "not-the-token");

        for (HttpResponse<String> refused : List.of(anonymous, wrong)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(new JsonObject(refused.body()).getString("error")).contains("Authorization: Bearer");
        }
        assertThat(rig.admin("/live/burst").getValue("burst")).isNull();
        assertThat(rig.worker("sync-1").getLong("served")).isZero();
    }

    @Test
    void every_bad_burst_parameter_is_a_400_naming_it() throws Exception {
        syncPool(1);
        String[][] cases = {
            {"io=10", "n", "n is required"},
            {"n=0", "n", "in 1..1000, got '0'"},
            {"n=1001", "n", "in 1..1000, got '1001'"},
            {"n=abc", "n", "got 'abc'"},
            {"n=5&n=6", "n", "at most once"},
            {"n=5&io=10001", "io", "in 0..10000"},
            {"n=5&io=-1", "io", "got '-1'"},
            {"n=5&cpu=1001", "cpu", "in 0..1000"},
            {"n=1000&cpu=31", "cpu", "30000 ms of computation in all, got n x cpu = 1000 x 31 = 31000 ms"},
            {"n=5&users=3", "users", "unknown parameter 'users'"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = burst(c[0], rig.balancer().adminToken());
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            JsonObject body = new JsonObject(response.body());
            assertThat(body.getString("parameter")).as(c[0]).isEqualTo(c[1]);
            assertThat(body.getString("error")).as(c[0]).contains(c[2]);
        }
        assertThat(rig.worker("sync-1").getLong("served")).isZero();
    }

    @Test
    void five_at_once_on_four_one_thread_workers_ride_two_waves_as_predicted_and_one_burst_runs_at_a_time()
            throws Exception {
        int ioMs = 600;
        syncPool(4);
        String token = rig.balancer().adminToken();

        HttpResponse<String> accepted = burst("n=5&io=" + ioMs, token);
        HttpResponse<String> second = burst("n=5&io=" + ioMs, token);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonObject started = new JsonObject(accepted.body()).getJsonObject("burst");
        assertThat(started.getString("pool")).isEqualTo("sync");
        JsonObject predicted = started.getJsonObject("predicted");
        assertThat(predicted.getInteger("slots")).isEqualTo(4);
        assertThat(predicted.getInteger("waves")).isEqualTo(2);
        // The work, plus the round trip of one empty request measured just before the burst.
        double roundTrip = predicted.getDouble("roundTripMs");
        assertThat(roundTrip).isPositive().isLessThan(ioMs);
        assertThat(predicted.getDouble("makespan")).isCloseTo(2.0 * ioMs + roundTrip, within(0.11));
        assertThat(predicted.getString("model")).isEqualTo("batch: 5 at once on 4 slots, 2 waves of 600 ms");
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(second.body()).getString("reason")).isEqualTo("burst-running");

        eventually().atMost(Duration.ofSeconds(20)).until(() ->
                rig.admin("/live/burst").getJsonObject("burst").getString("state").equals("done"));
        JsonObject done = rig.admin("/live/burst").getJsonObject("burst");
        assertThat(done.getInteger("ok")).isEqualTo(5);
        assertThat(done.getJsonObject("measured").getInteger("waves")).isEqualTo(2);
        // The theory's floor: four answers no sooner than T, the fifth no sooner than 2T.
        List<Double> completions = done.getJsonArray("completions").stream().map(o -> ((Number) o).doubleValue())
                .toList();
        assertThat(completions.subList(0, 4)).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(ioMs));
        assertThat(completions.get(4)).isGreaterThanOrEqualTo(2.0 * ioMs);
        assertThat(done.getJsonArray("predictedCompletions").stream().map(o -> ((Number) o).doubleValue()).toList())
                .satisfiesExactly(
                        ms -> assertThat(ms).isCloseTo(600.0 + roundTrip, within(0.11)),
                        ms -> assertThat(ms).isCloseTo(600.0 + roundTrip, within(0.11)),
                        ms -> assertThat(ms).isCloseTo(600.0 + roundTrip, within(0.11)),
                        ms -> assertThat(ms).isCloseTo(600.0 + roundTrip, within(0.11)),
                        ms -> assertThat(ms).isCloseTo(1200.0 + roundTrip, within(0.11)));
        // Every statistic shown beside the theory is asserted: within the lab's band, waves exact.
        JsonObject verdict = done.getJsonObject("measured").getJsonObject("verdict");
        assertThat(verdict.getString("band")).startsWith("+-15%");
        assertThat(verdict.getJsonObject("errorPct").fieldNames()).containsExactlyInAnyOrder("p50", "p95", "makespan", "mean");
        assertThat(verdict.getBoolean("agrees")).as(verdict.encode()).isTrue();
        // They took the clients' path: the timeline has them, tagged, the fifth dispatched a wave late.
        List<JsonObject> tagged = rig.timeline("").stream()
                .filter(r -> r.getString("uri").endsWith("&tag=burst-1")).toList();
        assertThat(tagged).hasSize(5);
        // (Dispatched, not queued, a wave late: the five arrive a few ms apart, so the fifth's queue
        // wait is T less the spread of the arrivals.)
        double firstDispatchUs = tagged.stream().mapToDouble(r -> r.getDouble("dispatchUs")).min().orElseThrow();
        double lastDispatchUs = tagged.stream().mapToDouble(r -> r.getDouble("dispatchUs")).max().orElseThrow();
        assertThat((lastDispatchUs - firstDispatchUs) / 1000).isGreaterThanOrEqualTo(ioMs);
        assertThat(burst("n=5&io=" + ioMs, token).statusCode()).isEqualTo(202);
    }

    @Test
    void a_burst_with_no_ready_worker_in_the_active_pool_is_refused_with_503() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults());

        HttpResponse<String> response = burst("n=5", rig.balancer().adminToken());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(response.body()).getString("reason")).isEqualTo("no-worker");
    }

    private HttpResponse<String> burst(String query, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(rig.adminUrl("/live/burst?" + query)))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
