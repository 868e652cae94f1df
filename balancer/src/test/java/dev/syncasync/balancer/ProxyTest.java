package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.work.LabHeaders;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a client sees of the proxy itself: headers, health, refusals, metrics. */
class ProxyTest {

    private static final int MAX_BODY = 1 << 20;

    private BalancerRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void every_proxied_response_names_its_worker_its_queue_time_and_its_request_id() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults());
        rig.sync("sync-1", 2);
        rig.async("async-1");
        rig.virtual("virtual-1");
        Set<String> requestIds = new HashSet<>();

        for (Topology pool : Topology.values()) {
            rig.balancer().topology(pool);
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = rig.client().get(rig.url("/work?io=5"));

                assertThat(response.statusCode()).isEqualTo(200);
                JsonObject body = new JsonObject(response.body());
                assertThat(body.getString("kind")).isEqualTo(pool.label());
                assertThat(response.headers().firstValue(LabHeaders.WORKER_ID)).hasValue(body.getString("worker"));
                assertThat(response.headers().firstValue(LabHeaders.QUEUE_MS)).hasValueSatisfying(
                        ms -> assertThat(ms).matches("\\d+\\.\\d{3}"));
                assertThat(response.headers().firstValue(LabHeaders.REQUEST_ID)).hasValueSatisfying(
                        id -> assertThat(id).matches("\\d+"));
                requestIds.add(response.headers().firstValue(LabHeaders.REQUEST_ID).orElseThrow());
            }
        }
        assertThat(requestIds).as("one id per request").hasSize(3 * Topology.values().length);
    }

    @Test
    void x_forwarded_for_gets_the_client_address_appended_to_what_the_client_sent() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults(), Topology.SYNC);
        try (RecordingWorker worker = new RecordingWorker()) {
            rig.balancer().addWorker(new WorkerInfo("recorder", Topology.SYNC, "127.0.0.1", worker.port(), 1));

            TestClient.Raw chained = TestClient.raw(rig.balancer().port(), "GET /work?io=0 HTTP/1.1\r\nHost: x\r\n"
                    + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-For: 198.51.100.2, 192.0.2.1");
            TestClient.Raw direct = TestClient.raw(rig.balancer().port(), "GET /work?io=0 HTTP/1.1\r\nHost: x");

            assertThat(chained.status()).isEqualTo(200);
            assertThat(direct.status()).isEqualTo(200);
            assertThat(worker.heads()).hasSize(2);
            assertThat(forwardedFor(worker.heads().get(0)))
                    .containsExactly("203.0.113.7, 198.51.100.2, 192.0.2.1, 127.0.0.1");
            assertThat(forwardedFor(worker.heads().get(1))).containsExactly("127.0.0.1");
        }
    }

    /** Every X-Forwarded-For field of a request head, as the worker received them. */
    private static java.util.List<String> forwardedFor(String head) {
        return head.lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("x-forwarded-for:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).toList();
    }

    @Test
    void a_request_at_the_largest_header_limit_the_balancer_allows_reaches_a_worker_of_either_pool() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults().with(b -> {
            b.maxHeaderBytes = BalancerConfig.MAX_HEADER_BYTES_LIMIT;
            b.maxHeaderCount = BalancerConfig.MAX_HEADER_COUNT_LIMIT;
        }));
        rig.sync("sync-1", 1);
        rig.async("async-1");
        rig.virtual("virtual-1");
        // Just under the limits: the balancer adds its own headers, which the workers must still take.
        String fields = IntStream.range(0, BalancerConfig.MAX_HEADER_COUNT_LIMIT - 1)
                .mapToObj(i -> "X-F" + i + ": " + "v".repeat(250) + "\r\n").collect(Collectors.joining());

        for (Topology pool : Topology.values()) {
            rig.balancer().topology(pool);
            TestClient.Raw response = TestClient.raw(rig.balancer().port(), "GET /work?io=0 HTTP/1.1\r\nHost: x\r\n"
                    + fields.strip());

            assertThat(response.status()).as("%s pool: %s", pool, response.body()).isEqualTo(200);
            assertThat(new JsonObject(response.body()).getString("kind")).isEqualTo(pool.label());
        }
    }

    @Test
    void readiness_is_503_down_until_the_active_pool_has_a_ready_worker_while_liveness_is_up() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults(), Topology.SYNC);
        HttpResponse<String> notReady = rig.client().get(rig.url("/health"));
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(notReady.body()).getString("status")).isEqualTo("DOWN");
        for (String url : new String[] {rig.url("/health/live"), rig.adminUrl("/health/live")}) {
            HttpResponse<String> live = rig.client().get(url);
            assertThat(live.statusCode()).as(url).isEqualTo(200);
            assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("UP");
        }
        assertThat(rig.client().get(rig.adminUrl("/health/ready")).statusCode()).isEqualTo(503);

        rig.async("async-1");
        HttpResponse<String> otherPoolOnly = rig.client().get(rig.url("/health"));
        assertThat(otherPoolOnly.statusCode()).as("a worker of the inactive pool does not count").isEqualTo(503);
        assertThat(new JsonObject(otherPoolOnly.body()).getInteger("readyWorkers")).isZero();

        rig.sync("sync-1", 1);
        HttpResponse<String> ready = rig.client().get(rig.url("/health"));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");
        assertThat(new JsonObject(ready.body()).getInteger("readyWorkers")).isEqualTo(1);
        for (String url : new String[] {rig.url("/health/ready"), rig.adminUrl("/health/ready"), rig.adminUrl("/health")}) {
            assertThat(rig.client().get(url).statusCode()).as(url).isEqualTo(200);
        }
    }

    @Test
    void a_request_with_no_worker_in_the_active_pool_gets_503_at_once_with_retry_after() throws Exception {
        int queueTimeoutMs = 10_000;
        rig = BalancerRig.start(BalancerConfig.defaults().withQueue(100, queueTimeoutMs));

        TestClient.Timed answer = rig.client().timedGet(rig.url("/work?io=0"));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo(Integer.toString(rig.config().retryAfterSeconds()));
        assertThat(new JsonObject(answer.response().body()).getString("reason")).isEqualTo("no-worker");
        // Not queued: it does not wait for a worker that could come within the queue timeout.
        assertThat(answer.elapsedMs()).isLessThan(queueTimeoutMs / 5.0);
    }

    @Test
    void a_request_body_over_one_mebibyte_is_refused_with_413() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults());
        rig.sync("sync-1", 1);

        // Declared too large: refused from the head alone, before any of the body is sent.
        TestClient.Raw declared = TestClient.raw(rig.balancer().port(), "POST /work HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + (MAX_BODY + 1));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(new JsonObject(declared.body()).getString("error")).contains(Integer.toString(MAX_BODY));

        // Streamed in chunks with no length: refused once more than the limit has arrived.
        HttpResponse<String> streamed = rig.client().post(rig.url("/work"), HttpRequest.BodyPublishers
                .ofInputStream(() -> new ByteArrayInputStream(new byte[MAX_BODY + 1])));
        assertThat(streamed.statusCode()).isEqualTo(413);
        assertThat(rig.worker("sync-1").getLong("served")).as("nothing reached the worker").isZero();
    }

    @Test
    void a_post_to_a_read_only_admin_route_answers_405() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults());

        HttpResponse<String> response = rig.client().post(rig.adminUrl("/admin/workers"),
                HttpRequest.BodyPublishers.ofString("{\"id\":\"intruder\"}"));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(new JsonObject(response.body()).getString("error")).contains("only POST /admin/topology");
        assertThat(rig.admin("/admin/workers").getJsonArray("workers")).isEmpty();
    }

    @Test
    void metrics_expose_request_counts_queue_and_latency_histograms_queue_length_and_worker_load()
            throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults());
        rig.sync("sync-1", 1);
        assertThat(rig.client().get(rig.url("/work?io=0")).statusCode()).isEqualTo(200);

        HttpResponse<String> scrape = rig.client().get(rig.adminUrl("/metrics"));

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("lab_balancer_requests_total{status=\"200\",topology=\"sync\"} 1.0")
                .contains("lab_balancer_queue_wait_seconds_bucket{")
                .contains("lab_balancer_request_duration_seconds_bucket{")
                .contains("lab_balancer_queue_length 0.0")
                .contains("lab_balancer_worker_in_flight{kind=\"sync\",worker=\"sync-1\"} 0.0")
                // The JVM's and the process's own series, as a standard JVM dashboard reads them.
                .contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_threads_live_threads ", "jvm_gc_",
                        "process_cpu_usage ", "process_uptime_seconds ", "process_files_open_files ");
    }
}
