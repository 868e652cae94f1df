package dev.syncasync.syncworker;

import static dev.syncasync.testing.TestHttp.decimal;
import static dev.syncasync.testing.TestHttp.number;
import static dev.syncasync.testing.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncasync.config.SyncWorkerConfig;
import dev.syncasync.metrics.Prometheus;
import dev.syncasync.testing.TestHttp;
import dev.syncasync.testing.WorkerContractTest;
import dev.syncasync.work.LabHeaders;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.xnio.management.XnioWorkerMXBean;

/** A real sync worker on a free port with two threads, driven by a plain HTTP client. */
class SyncWorkerTest extends WorkerContractTest<SyncWorker> {

    /** Service time of the timing tests: long against the noise of a busy 2-core machine. */
    private static final int T = 500;
    private static final int THREADS = 2;

    @Override
    protected SyncWorker start() {
        return SyncWorker.start(new SyncWorkerConfig("sync-test", "127.0.0.1", 0, THREADS));
    }

    @Test
    void io_request_returns_every_field_and_the_worker_id() throws Exception {
        HttpResponse<String> response = http.get(url("/work?io=50"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue(LabHeaders.WORKER_ID)).hasValue("sync-test");
        String body = response.body();
        JsonNode json = TestHttp.json(body);
        assertThat(json.fieldNames()).toIterable().containsExactly("worker", "kind",
                "thread", "startUs", "endUs", "serviceMs", "io", "db", "poolWaitMs", "dbQueryMs", "cpu", "cpuUsedMs", "offload");
        assertThat(json.get("worker").asText()).isEqualTo("sync-test");
        assertThat(json.get("kind").asText()).isEqualTo("sync");
        assertThat(json.get("thread").asText()).matches("sync-test task-\\d+");
        assertThat(json.get("serviceMs").isNumber()).isTrue();
        assertThat(json.get("io").asInt()).isEqualTo(50);
        assertThat(json.get("cpu").asInt()).isZero();
        assertThat(json.get("cpuUsedMs").asDouble()).isZero();
        assertThat(json.get("offload").asBoolean(true)).isFalse();
        // Sleeping io ms takes at least io ms; 1 ms allows for the wall clock's granularity.
        assertThat(number(body, "endUs") - number(body, "startUs")).isGreaterThanOrEqualTo(50_000 - 1_000);
    }

    @Test
    void cpu_work_uses_at_least_its_cpu_time_on_a_pool_thread() throws Exception {
        String body = http.get(url("/work?cpu=50")).body();

        assertThat(decimal(body, "cpuUsedMs")).isGreaterThanOrEqualTo(50.0);
        assertThat(text(body, "thread")).startsWith("sync-test task-");
    }

    @Test
    void malformed_percent_encoding_is_a_bare_400_from_undertow_before_any_handler() throws IOException {
        TestHttp.Raw response = TestHttp.raw(worker.port(), "/work?io=%zz");

        // Undertow 2.4's request parser rejects "%zz" itself, with no option to let it through,
        // so this one 400 has no JSON body (the async worker names the parameter).
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void readiness_is_up_until_drain_then_503_down_while_liveness_stays_up() throws Exception {
        HttpResponse<String> ready = http.get(url("/health"));
        worker.drain();
        HttpResponse<String> draining = http.get(url("/health"));

        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode up = TestHttp.json(ready.body());
        assertThat(up.get("status").asText()).isEqualTo("UP");
        assertThat(up.get("state").asText()).isEqualTo("ready");
        assertThat(up.get("worker").asText()).isEqualTo("sync-test");
        assertThat(up.get("kind").asText()).isEqualTo("sync");
        assertThat(up.get("capacity").asLong()).isEqualTo(2L);
        assertThat(up.get("inFlight").asInt()).isZero();
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(TestHttp.json(draining.body()).get("status").asText()).isEqualTo("DOWN");
        assertThat(TestHttp.json(draining.body()).get("state").asText()).isEqualTo("draining");
        // Liveness stays UP while it drains: the process is fine, it only takes no new work.
        HttpResponse<String> live = http.get(url("/health/live"));
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(live.body()).get("status").asText()).isEqualTo("UP");
        assertThat(http.get(url("/health/ready")).statusCode()).isEqualTo(503);
    }

    @Test
    void metrics_count_requests_by_status_and_time_the_work() throws Exception {
        http.get(url("/work?io=1"));
        http.get(url("/nothing-here"));

        // The counters move when the exchange completes, just after the client has its bytes.
        await().untilAsserted(() -> assertThat(http.get(url("/metrics")).body())
                .contains("lab_worker_requests_total{kind=\"sync\",status=\"200\",worker=\"sync-test\"} 1")
                .contains("lab_worker_requests_total{kind=\"sync\",status=\"404\",worker=\"sync-test\"} 1")
                .contains("lab_worker_service_seconds_count{kind=\"sync\",worker=\"sync-test\"} 1")
                .contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_threads_live_threads ", "process_cpu_usage "));
        assertThat(http.get(url("/metrics")).headers().firstValue("Content-Type")).hasValue(Prometheus.CONTENT_TYPE);
    }

    @Test
    void the_work_pool_is_fixed_at_the_configured_threads() {
        XnioWorkerMXBean pool = worker.xnioWorker().getMXBean();

        assertThat(pool.getCoreWorkerPoolSize()).isEqualTo(THREADS);
        assertThat(pool.getMaxWorkerPoolSize()).isEqualTo(THREADS);
        assertThat(pool.getIoThreadCount()).isEqualTo(1);
    }

    @Test
    void third_request_on_two_threads_waits_for_a_free_thread() throws Exception {
        http.get(url("/work?io=1"));
        long sent = System.nanoTime();
        List<TestHttp.Timed> done = IntStream.range(0, 3)
                .mapToObj(i -> http.getAsync(url("/work?io=" + T)))
                .toList().stream().map(CompletableFuture::join)
                .sorted(Comparator.comparingLong(TestHttp.Timed::doneNanos)).toList();

        // Theory: two threads serve two at once (done at T); the third waits for one to free
        // and is done at 2T. The first two may be late by noise, never by a whole T.
        assertThat(done).allSatisfy(t -> assertThat(t.response().statusCode()).isEqualTo(200));
        assertThat(millisSince(sent, done.get(1))).isLessThan(2 * T - T / 2);
        assertThat(millisSince(sent, done.get(2))).isGreaterThanOrEqualTo(2 * T - 20);
        String third = done.get(2).body();
        long firstEnd = Math.min(number(done.get(0).body(), "endUs"), number(done.get(1).body(), "endUs"));
        assertThat(number(third, "startUs")).as("the third starts only when a thread frees")
                .isGreaterThanOrEqualTo(firstEnd);
    }

    @Test
    void health_answers_on_the_io_thread_while_every_work_thread_is_busy() throws Exception {
        int busyMs = 1_000;
        IntStream.rangeClosed(0, THREADS).forEach(i -> http.getAsync(url("/work?io=" + busyMs)));
        // One request more than threads: once it waits in the pool's queue, every thread is busy.
        XnioWorkerMXBean pool = worker.xnioWorker().getMXBean();
        await().until(() -> pool.getWorkerQueueSize() == 1);

        long asked = System.nanoTime();
        HttpResponse<String> health = http.get(url("/health"));
        long tookMs = (System.nanoTime() - asked) / 1_000_000;

        // Queued behind the work it would take until a thread frees (~busyMs); on the IO
        // thread it takes a round trip.
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(number(health.body(), "inFlight")).isEqualTo(THREADS + 1);
        assertThat(tookMs).isLessThan(busyMs / 2);
    }

    @Test
    void graceful_shutdown_lets_an_in_flight_request_finish() {
        CompletableFuture<TestHttp.Timed> call = http.getAsync(url("/work?io=" + T));
        await().until(() -> worker.inFlight() == 1);

        boolean idle = worker.shutdown(Duration.ofSeconds(10));

        assertThat(idle).isTrue();
        assertThat(call.join().response().statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> http.get(url("/health"))).isInstanceOf(IOException.class);
    }

    @Test
    void shutdown_gives_up_after_its_grace_period_and_answers_the_same_twice() {
        http.getAsync(url("/work?io=5000"));
        await().until(() -> worker.inFlight() == 1);

        long asked = System.nanoTime();
        boolean idle = worker.shutdown(Duration.ofMillis(200));
        long tookMs = (System.nanoTime() - asked) / 1_000_000;

        assertThat(idle).isFalse();
        assertThat(tookMs).as("did not wait for the 5 s request").isLessThan(4_000);
        assertThat(worker.shutdown(Duration.ofSeconds(10))).isFalse();
    }

    private static long millisSince(long startNanos, TestHttp.Timed timed) {
        return (timed.doneNanos() - startNanos) / 1_000_000;
    }

    /** The 400 body the shared contract produces for {@code query}, byte for byte. */
}
