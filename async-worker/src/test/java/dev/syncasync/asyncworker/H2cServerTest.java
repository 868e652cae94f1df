package dev.syncasync.asyncworker;

import static dev.syncasync.testing.TestHttp.number;
import static dev.syncasync.testing.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.testing.TestHttp;
import dev.syncasync.work.LabHeaders;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The async worker's h2c listener, the port the balancer multiplexes its requests on, driven by
 * a real HTTP/2 client with prior knowledge on one connection, as the balancer's loops are.
 */
class H2cServerTest {

    /** Service time of the timing test: long against the noise of a busy 2-core machine. */
    private static final int T = 500;

    private AsyncWorker worker;
    private Vertx vertx;
    private HttpClientAgent client;

    @BeforeEach
    void start() {
        worker = AsyncWorker.start(new AsyncWorkerConfig("async-h2c", "127.0.0.1", 0, 1, false));
        vertx = Vertx.vertx();
        client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                        .setHttp2ClearTextUpgrade(false).setHttp2MultiplexingLimit(1_000),
                new PoolOptions().setHttp2MaxSize(1));
    }

    @AfterEach
    void stop() {
        worker.shutdown(Duration.ofSeconds(10));
        vertx.close().await();
    }

    @Test
    void the_worker_advertises_its_h2c_listener_beside_its_http_port() {
        WorkerInfo info = WorkerInfo.of(worker);

        assertThat(info.h2cPort()).isPositive().isNotEqualTo(info.port());
        assertThat(info.h2cAddress()).isEqualTo("127.0.0.1:" + worker.h2cPort());
    }

    @Test
    void a_configured_h2c_port_is_the_one_it_listens_on() throws Exception {
        int free;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            free = probe.getLocalPort();
        }
        AsyncWorker fixed = AsyncWorker.start(new AsyncWorkerConfig("async-fixed", "127.0.0.1", 0, 1, false, 1, free));
        try {
            assertThat(fixed.h2cPort()).isEqualTo(free);
            int status = within(client.request(HttpMethod.GET, free, "127.0.0.1", "/health")
                    .compose(request -> request.send()).map(response -> response.statusCode()));
            assertThat(status).isEqualTo(200);
        } finally {
            fixed.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void a_work_request_over_h2c_gets_the_same_answer_as_over_http1() throws Exception {
        Answer answer = get("/work?io=50");

        assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().get("content-type")).isEqualTo("application/json");
        assertThat(answer.headers().get(LabHeaders.WORKER_ID)).isEqualTo("async-h2c");
        assertThat(text(answer.body(), "kind")).isEqualTo("async");
        assertThat(text(answer.body(), "thread")).matches("vert\\.x-eventloop-thread-\\d+");
        assertThat(number(answer.body(), "endUs") - number(answer.body(), "startUs")).isGreaterThanOrEqualTo(49_000);
        // The same worker answers the same way on its HTTP/1.1 port.
        try (TestHttp http = new TestHttp()) {
            String viaHttp1 = http.get(worker.url() + "/work?io=50").body();
            assertThat(TestHttp.json(viaHttp1).fieldNames()).toIterable()
                    .containsExactlyElementsOf(() -> TestHttp.json(answer.body()).fieldNames());
        }
    }

    @Test
    void metrics_count_the_h2c_connections_open_even_after_a_garbage_collection() throws Exception {
        assertThat(get("/work?io=1").status()).isEqualTo(200);
        System.gc(); // the gauge's reader must not be collected (Micrometer holds it weakly by default)

        try (TestHttp http = new TestHttp()) {
            String metrics = http.get(worker.url() + "/metrics").body();
            assertThat(metrics).containsPattern("(?m)^lab_worker_h2c_connections\\{[^}]*} 1\\.0$");
        }
    }

    @Test
    void cpu_over_h2c_runs_on_the_event_loop_and_offloaded_on_the_worker_pool() {
        assertThat(text(get("/work?cpu=5").body(), "thread")).matches("vert\\.x-eventloop-thread-\\d+");
        assertThat(text(get("/work?cpu=5&offload=true").body(), "thread")).matches("vert\\.x-worker-thread-\\d+");
    }

    @Test
    void bad_input_over_h2c_is_a_400_naming_the_parameter_and_the_stream_answers_404_and_405_too() throws Exception {
        Answer bad = get("/work?io=abc");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(text(bad.body(), "parameter")).isEqualTo("io");

        Answer unknown = get("/nowhere");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(text(unknown.body(), "error")).isEqualTo("no route for GET /nowhere");

        Answer post = send(HttpMethod.POST, "/work?io=1");
        assertThat(post.status()).isEqualTo(405);
        // A body, which no route reads, is consumed: the same answer, and the connection goes on.
        int withBody = within(client.request(HttpMethod.POST, worker.h2cPort(), "127.0.0.1", "/work?io=1")
                .compose(request -> request.send("x".repeat(100_000))).map(response -> response.statusCode()));
        assertThat(withBody).isEqualTo(405);
        assertThat(get("/work?io=1").status()).isEqualTo(200);
        assertThat(post.headers().get("allow")).isEqualTo("GET");
        assertThat(post.headers().get(LabHeaders.WORKER_ID)).isEqualTo("async-h2c");
    }

    @Test
    void two_hundred_streams_on_one_connection_wait_together_and_finish_in_about_one_service_time() {
        get("/work?io=1");
        long sent = System.nanoTime();
        List<Future<Answer>> calls = IntStream.range(0, 200).mapToObj(i -> call(HttpMethod.GET, "/work?io=" + T)).toList();
        List<Answer> answers = calls.stream().map(H2cServerTest::within).toList();
        long tookMs = (System.nanoTime() - sent) / 1_000_000;

        // Theory: a waiting request holds no thread, so all 200 wait at once and finish at ~T.
        // Noise may add to T, never another T.
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(tookMs).isBetween((long) T - 5, 2L * T);
    }

    @Test
    void a_stream_the_client_resets_is_not_answered_and_leaves_nothing_in_flight() throws Exception {
        HttpClientRequest request = client.request(HttpMethod.GET, worker.h2cPort(), "127.0.0.1", "/work?io=300")
                .await(5, TimeUnit.SECONDS);
        request.end().await(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.inFlight() == 1);

        request.reset();

        // The timer still fires; its answer has no stream to go to, and the request is done.
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.inFlight() == 0);
        assertThat(get("/work?io=1").status()).as("the connection still serves").isEqualTo(200);
    }

    @Test
    void shutdown_lets_a_stream_in_flight_finish_then_closes_the_listener() {
        Future<Answer> call = call(HttpMethod.GET, "/work?io=" + T);
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.inFlight() == 1);

        boolean idle = worker.shutdown(Duration.ofSeconds(10));

        assertThat(idle).isTrue();
        assertThat(within(call).status()).isEqualTo(200);
        assertThat(within(call(HttpMethod.GET, "/health")).status())
                .as("nothing listens any more").isZero();
    }

    private Answer get(String uri) {
        return send(HttpMethod.GET, uri);
    }

    private Answer send(HttpMethod method, String uri) {
        return within(call(method, uri));
    }

    private static <T> T within(Future<T> future) {
        try {
            return future.await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within 10 s", e);
        }
    }

    /** The answer, or status 0 when the request could not be sent (nothing listens). */
    private Future<Answer> call(HttpMethod method, String uri) {
        return client.request(method, worker.h2cPort(), "127.0.0.1", uri)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body ->
                        new Answer(response.version(), response.statusCode(), response.headers(), body.toString())))
                .recover(failure -> Future.succeededFuture(new Answer(null, 0, MultiMap.caseInsensitiveMultiMap(), "")));
    }

    private record Answer(HttpVersion version, int status, MultiMap headers, String body) {
    }
}
