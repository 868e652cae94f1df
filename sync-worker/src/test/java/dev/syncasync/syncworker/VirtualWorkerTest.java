package dev.syncasync.syncworker;

import static dev.syncasync.testing.TestHttp.decimal;
import static dev.syncasync.testing.TestHttp.number;
import static dev.syncasync.testing.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncasync.config.VirtualWorkerConfig;
import dev.syncasync.server.WorkerServer;
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

/**
 * A real virtual worker on a free port: the sync worker's handler, a virtual thread per request,
 * driven by a plain HTTP client. The contract is the same as the other kinds'.
 */
class VirtualWorkerTest extends WorkerContractTest<VirtualWorker> {

    /** Service time of the timing tests: long against the noise of a busy 2-core machine. */
    private static final int T = 500;

    @Override
    protected VirtualWorker start() {
        return VirtualWorker.start(new VirtualWorkerConfig("virtual-test", "127.0.0.1", 0, 0));
    }

    @Test
    void io_request_runs_on_a_virtual_thread_named_after_the_worker() throws Exception {
        HttpResponse<String> response = http.get(url("/work?io=50"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(LabHeaders.WORKER_ID)).hasValue("virtual-test");
        JsonNode json = TestHttp.json(response.body());
        assertThat(json.fieldNames()).toIterable().containsExactly("worker", "kind",
                "thread", "startUs", "endUs", "serviceMs", "io", "db", "poolWaitMs", "dbQueryMs", "cpu", "cpuUsedMs", "offload");
        assertThat(json.get("kind").asText()).isEqualTo("virtual");
        assertThat(json.get("thread").asText()).matches("virtual-test vthread-\\d+");
        assertThat(number(response.body(), "endUs") - number(response.body(), "startUs"))
                .isGreaterThanOrEqualTo(50_000 - 1_000);
    }

    @Test
    void cpu_work_uses_at_least_its_cpu_time_on_a_virtual_thread() throws Exception {
        String body = http.get(url("/work?cpu=50")).body();

        assertThat(decimal(body, "cpuUsedMs")).isGreaterThanOrEqualTo(50.0);
        assertThat(text(body, "thread")).startsWith("virtual-test vthread-");
    }

    @Test
    void health_says_kind_virtual_and_no_limit_on_requests_at_once() throws Exception {
        JsonNode health = TestHttp.json(http.get(url("/health")).body());

        assertThat(health.get("kind").asText()).isEqualTo("virtual");
        assertThat(health.get("capacity").asLong()).isEqualTo(WorkerServer.UNLIMITED);
        assertThat(worker.capacity()).isEqualTo(WorkerServer.UNLIMITED);
    }

    @Test
    void two_hundred_requests_that_wait_finish_in_one_wave_without_a_platform_thread_each() throws Exception {
        int n = 200;
        http.get(url("/work?io=1"));
        long threadsBefore = platformThreadsButTheClients();
        long sent = System.nanoTime();
        List<CompletableFuture<TestHttp.Timed>> calls = IntStream.range(0, n)
                .mapToObj(i -> http.getAsync(url("/work?io=" + T))).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.inFlight() == n);
        long threadsDuring = platformThreadsButTheClients();
        List<TestHttp.Timed> done = calls.stream().map(CompletableFuture::join)
                .sorted(Comparator.comparingLong(TestHttp.Timed::doneNanos)).toList();

        // Theory: no slot limit, so one wave: every request done at T plus its round trip (and the time
        // the client takes to open 200 connections on a busy machine); a second wave would end at 2T, and
        // a pool of as many threads as carriers would need 100 waves. Sleeping virtual threads need one.
        assertThat(done).allSatisfy(t -> assertThat(t.response().statusCode()).isEqualTo(200));
        assertThat(millisSince(sent, done.get(0))).isGreaterThanOrEqualTo(T);
        assertThat(millisSince(sent, done.get(n - 1))).isLessThan(2 * T);
        // 200 sleeping requests, and the JVM's platform threads (carriers included) grew by far fewer.
        assertThat(threadsDuring - threadsBefore).isLessThan(n / 10);
    }

    /** Platform threads of this JVM, without the test's HTTP client's own (it starts some per connection burst). */
    private static long platformThreadsButTheClients() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.getName().startsWith("HttpClient")).count();
    }

    @Test
    void with_max_concurrent_two_the_third_request_waits_for_a_permit() throws Exception {
        VirtualWorker capped = VirtualWorker.start(new VirtualWorkerConfig("virtual-capped", "127.0.0.1", 0, 2));
        try {
            http.get(capped.url() + "/work?io=1");
            long sent = System.nanoTime();
            List<TestHttp.Timed> done = IntStream.range(0, 3)
                    .mapToObj(i -> http.getAsync(capped.url() + "/work?io=" + T))
                    .toList().stream().map(CompletableFuture::join)
                    .sorted(Comparator.comparingLong(TestHttp.Timed::doneNanos)).toList();

            // Theory: two permits serve two at once (done at T), the third starts when one frees (2T).
            assertThat(capped.capacity()).isEqualTo(2);
            assertThat(millisSince(sent, done.get(1))).isLessThan(2 * T - T / 2);
            assertThat(millisSince(sent, done.get(2))).isGreaterThanOrEqualTo(2 * T - 20);
            long firstEnd = Math.min(number(done.get(0).body(), "endUs"), number(done.get(1).body(), "endUs"));
            assertThat(number(done.get(2).body(), "startUs")).isGreaterThanOrEqualTo(firstEnd);
        } finally {
            capped.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void health_answers_on_the_io_thread_while_every_carrier_computes() throws Exception {
        int carriers = Runtime.getRuntime().availableProcessors();
        int busyMs = 1_000;
        IntStream.rangeClosed(0, carriers).forEach(i -> http.getAsync(url("/work?cpu=" + busyMs)));
        await().until(() -> worker.inFlight() == carriers + 1);

        long asked = System.nanoTime();
        HttpResponse<String> health = http.get(url("/health"));
        long tookMs = (System.nanoTime() - asked) / 1_000_000;

        // Every carrier computes and is not preempted; the IO thread is a platform thread the OS schedules.
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(tookMs).isLessThan(busyMs / 2);
    }

    @Test
    void a_light_request_waits_for_a_carrier_while_heavy_ones_hold_them_all_and_not_when_they_are_offloaded()
            throws Exception {
        int carriers = Runtime.getRuntime().availableProcessors();
        int heavy = 2 * carriers;
        int heavyMs = 300;
        http.get(url("/work?cpu=1"));

        double onCarriers = lightLatencyBehind(heavy, "cpu=" + heavyMs + "&offload=false");
        double offloaded = lightLatencyBehind(heavy, "cpu=" + heavyMs + "&offload=true");

        // Theory (no preemption): each carrier computes its two heavy requests back to back, 2 x 300 ms,
        // and the light one, queued behind them, gets a carrier only then: about 600 ms. Offloaded, the
        // heavy ones compute on platform threads the OS time-slices; the light one needs 1 ms of a core
        // among heavy + 1 runnable threads: a few ms. Bands: 80% of the first, and far below it.
        assertThat(onCarriers).isGreaterThan(0.8 * 2 * heavyMs);
        assertThat(offloaded).isLessThan(heavyMs / 2.0);
    }

    /** Sends {@code heavy} requests at once, then, once the worker holds them all, a light one; its latency in ms. */
    private double lightLatencyBehind(int heavy, String heavyQuery) throws Exception {
        List<CompletableFuture<TestHttp.Timed>> heavies = IntStream.range(0, heavy)
                .mapToObj(i -> http.getAsync(url("/work?" + heavyQuery))).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.inFlight() == heavy);
        long sent = System.nanoTime();
        TestHttp.Timed light = http.getAsync(url("/work?cpu=1")).join();
        double ms = (light.doneNanos() - sent) / 1e6;
        heavies.forEach(CompletableFuture::join);
        assertThat(light.response().statusCode()).isEqualTo(200);
        return ms;
    }

    @Test
    void an_offloaded_computation_runs_on_the_bounded_platform_pool_and_says_so() throws Exception {
        String body = http.get(url("/work?cpu=20&offload=true")).body();

        assertThat(decimal(body, "cpuUsedMs")).isGreaterThanOrEqualTo(20.0);
        assertThat(TestHttp.json(body).get("offload").asBoolean()).isTrue();
        assertThat(text(body, "thread")).startsWith("virtual-test vthread-");
    }

    @Test
    void metrics_count_requests_with_kind_virtual() throws Exception {
        http.get(url("/work?io=1"));

        await().untilAsserted(() -> assertThat(http.get(url("/metrics")).body())
                .contains("lab_worker_requests_total{kind=\"virtual\",status=\"200\",worker=\"virtual-test\"} 1")
                .contains("lab_worker_service_seconds_count{kind=\"virtual\",worker=\"virtual-test\"} 1"));
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
    void shutdown_after_its_grace_period_interrupts_the_virtual_thread_which_answers_503() {
        CompletableFuture<TestHttp.Timed> call = http.getAsync(url("/work?io=5000"));
        await().until(() -> worker.inFlight() == 1);

        long asked = System.nanoTime();
        boolean idle = worker.shutdown(Duration.ofMillis(200));
        long tookMs = (System.nanoTime() - asked) / 1_000_000;

        assertThat(idle).isFalse();
        assertThat(tookMs).as("did not wait for the 5 s request").isLessThan(4_000);
        assertThat(call.join().response().statusCode()).isEqualTo(503);
    }

    private static long millisSince(long startNanos, TestHttp.Timed timed) {
        return (timed.doneNanos() - startNanos) / 1_000_000;
    }
}
