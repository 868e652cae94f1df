package dev.syncasync.asyncworker;

import static dev.syncasync.testing.TestHttp.decimal;
import static dev.syncasync.testing.TestHttp.number;
import static dev.syncasync.testing.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.metrics.Prometheus;
import dev.syncasync.testing.TestHttp;
import dev.syncasync.testing.WorkerContractTest;
import dev.syncasync.work.LabHeaders;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A real async worker on a free port with one event loop, driven by a plain HTTP client. */
class AsyncWorkerTest extends WorkerContractTest<AsyncWorker> {

    /** Service time of the timing tests: long against the noise of a busy 2-core machine. */
    private static final int T = 500;
    /** CPU time of the blocking tests. */
    private static final int C = 600;
    private static final String EVENT_LOOP = "vert.x-eventloop-thread-";
    private static final String WORKER_POOL = "vert.x-worker-thread-";

    @Override
    protected AsyncWorker start() {
        return AsyncWorker.start(config(1, false));
    }

    @Test
    void malformed_percent_encoding_is_a_400_naming_io() throws IOException {
        assertContractError("io=%zz", "io");
    }

    @Test
    void io_request_returns_every_field_and_the_worker_id() throws Exception {
        HttpResponse<String> response = http.get(url("/work?io=50"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue(LabHeaders.WORKER_ID)).hasValue("async-test");
        String body = response.body();
        JsonNode json = TestHttp.json(body);
        assertThat(json.fieldNames()).toIterable().containsExactly("worker", "kind",
                "thread", "startUs", "endUs", "serviceMs", "io", "db", "poolWaitMs", "dbQueryMs", "cpu", "cpuUsedMs", "offload");
        assertThat(json.get("worker").asText()).isEqualTo("async-test");
        assertThat(json.get("kind").asText()).isEqualTo("async");
        assertThat(json.get("thread").asText()).matches("vert\\.x-eventloop-thread-\\d+");
        assertThat(json.get("serviceMs").isNumber()).isTrue();
        assertThat(json.get("io").asInt()).isEqualTo(50);
        assertThat(json.get("cpu").asInt()).isZero();
        assertThat(json.get("cpuUsedMs").asDouble()).isZero();
        assertThat(json.get("offload").asBoolean(true)).isFalse();
        // The timer fires no earlier than io ms; 1 ms allows for the wall clock's granularity.
        assertThat(number(body, "endUs") - number(body, "startUs")).isGreaterThanOrEqualTo(50_000 - 1_000);
    }

    @Test
    void cpu_work_uses_at_least_its_cpu_time_on_the_event_loop() throws Exception {
        String body = http.get(url("/work?cpu=50")).body();

        assertThat(decimal(body, "cpuUsedMs")).isGreaterThanOrEqualTo(50.0);
        assertThat(text(body, "thread")).startsWith(EVENT_LOOP);
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
        assertThat(up.get("worker").asText()).isEqualTo("async-test");
        assertThat(up.get("kind").asText()).isEqualTo("async");
        assertThat(up.get("capacity").asLong()).isEqualTo(2147483647L);
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

        // The counters move once the response is written, just after the client has its bytes.
        await().untilAsserted(() -> assertThat(http.get(url("/metrics")).body())
                .contains("lab_worker_requests_total{kind=\"async\",status=\"200\",worker=\"async-test\"} 1")
                .contains("lab_worker_requests_total{kind=\"async\",status=\"404\",worker=\"async-test\"} 1")
                .contains("lab_worker_service_seconds_count{kind=\"async\",worker=\"async-test\"} 1")
                .contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_threads_live_threads ", "process_cpu_usage "));
        assertThat(http.get(url("/metrics")).headers().firstValue("Content-Type")).hasValue(Prometheus.CONTENT_TYPE);
    }

    @Test
    void twenty_concurrent_io_requests_on_one_event_loop_all_finish_in_about_one_service_time() throws Exception {
        http.get(url("/work?io=1"));
        long sent = System.nanoTime();
        List<TestHttp.Timed> done = IntStream.range(0, 20)
                .mapToObj(i -> http.getAsync(url("/work?io=" + T)))
                .toList().stream().map(CompletableFuture::join).toList();

        // Theory: waiting holds no thread, so all 20 wait at once and finish at ~T (a sync
        // worker with one thread would need 20 T). Noise may add to T, never another T.
        assertThat(done).allSatisfy(t -> {
            assertThat(t.response().statusCode()).isEqualTo(200);
            assertThat(number(t.body(), "endUs") - number(t.body(), "startUs")).isGreaterThanOrEqualTo(T * 1_000L - 1_000);
            assertThat((t.doneNanos() - sent) / 1_000_000).isLessThan(2 * T);
        });
    }

    @Test
    void cpu_on_the_event_loop_delays_an_io_request_received_during_the_burn() throws Exception {
        CompletableFuture<TestHttp.Timed> burn = http.getAsync(url("/work?cpu=" + C));
        awaitInFlight(1);

        String io = http.get(url("/work?io=50")).body();
        String cpu = burn.join().body();

        // The one loop is burning: the io request is read, timed and answered only after it.
        assertThat(text(cpu, "thread")).startsWith(EVENT_LOOP);
        assertThat(number(io, "endUs")).isGreaterThanOrEqualTo(number(cpu, "endUs"));
    }

    @Test
    void offloaded_cpu_leaves_the_event_loop_free_for_io() throws Exception {
        CompletableFuture<TestHttp.Timed> burn = http.getAsync(url("/work?offload=true&cpu=" + C));
        awaitInFlight(1);

        String io = http.get(url("/work?io=50")).body();
        String cpu = burn.join().body();

        // Theory: the io request ends ~50 ms after it arrives, the burn C after it began.
        assertThat(number(io, "endUs")).isLessThan(number(cpu, "endUs") - C * 1_000L / 3);
    }

    @Test
    void offload_runs_cpu_on_a_worker_pool_thread() throws Exception {
        String body = http.get(url("/work?cpu=20&offload=true")).body();

        assertThat(text(body, "thread")).startsWith(WORKER_POOL);
        assertThat(TestHttp.json(body).get("offload").asBoolean()).isTrue();
        assertThat(decimal(body, "cpuUsedMs")).isGreaterThanOrEqualTo(20.0);
    }

    @Test
    void the_configured_offload_is_the_default_and_the_parameter_overrides_it() throws Exception {
        restart(config(1, true));

        String byDefault = http.get(url("/work?cpu=1")).body();
        String overridden = http.get(url("/work?cpu=1&offload=false")).body();

        assertThat(text(byDefault, "thread")).startsWith(WORKER_POOL);
        assertThat(text(overridden, "thread")).startsWith(EVENT_LOOP);
    }

    @Test
    void every_event_loop_serves_connections_on_the_one_port() {
        restart(config(2, false));

        // Four overlapping requests need four connections; Vert.x deals them out in turn.
        Set<String> threads = IntStream.range(0, 4)
                .mapToObj(i -> http.getAsync(url("/work?io=" + T)))
                .toList().stream().map(CompletableFuture::join)
                .map(t -> text(t.body(), "thread")).collect(Collectors.toSet());

        assertThat(threads).hasSize(2).allSatisfy(name -> assertThat(name).startsWith(EVENT_LOOP));
    }

    @Test
    void the_blocked_thread_checker_warns_after_2s_and_shows_a_stack_trace_only_after_10s() {
        var options = AsyncWorker.vertxOptions(3, 2);

        assertThat(options.getEventLoopPoolSize()).isEqualTo(3);
        assertThat(options.getWorkerPoolSize()).isEqualTo(2);
        assertThat(options.getMaxEventLoopExecuteTimeUnit().toMillis(options.getMaxEventLoopExecuteTime())).isEqualTo(2_000);
        assertThat(options.getWarningExceptionTimeUnit().toMillis(options.getWarningExceptionTime())).isEqualTo(10_000);
    }

    @Test
    void graceful_shutdown_lets_an_in_flight_request_finish() {
        CompletableFuture<TestHttp.Timed> call = http.getAsync(url("/work?io=" + T));
        awaitInFlight(1);

        boolean idle = worker.shutdown(Duration.ofSeconds(10));

        assertThat(idle).isTrue();
        assertThat(call.join().response().statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> http.get(url("/health"))).isInstanceOf(IOException.class);
    }

    @Test
    void shutdown_gives_up_after_its_grace_period_and_answers_the_same_twice() {
        http.getAsync(url("/work?io=5000"));
        awaitInFlight(1);

        long asked = System.nanoTime();
        boolean idle = worker.shutdown(Duration.ofMillis(200));
        long tookMs = (System.nanoTime() - asked) / 1_000_000;

        assertThat(idle).isFalse();
        assertThat(tookMs).as("did not wait for the 5 s request").isLessThan(4_000);
        assertThat(worker.shutdown(Duration.ofSeconds(10))).isFalse();
    }

    /** Polls fast: the offload test sends its io request as soon as the burn has begun. */
    private void awaitInFlight(int requests) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> worker.inFlight() == requests);
    }

    private static AsyncWorkerConfig config(int eventLoops, boolean offload) {
        return new AsyncWorkerConfig("async-test", "127.0.0.1", 0, eventLoops, offload);
    }

    private void restart(AsyncWorkerConfig config) {
        worker.shutdown(Duration.ofSeconds(10));
        worker = AsyncWorker.start(config);
    }

    /** The 400 body the shared contract produces for {@code query}, byte for byte. */
}
