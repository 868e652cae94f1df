package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.config.SyncWorkerConfig;
import dev.syncasync.syncworker.SyncWorker;
import dev.syncasync.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The balancer as its own process ({@code java -jar balancer.jar}), stopped with SIGTERM while
 * it serves: its exit code says whether every accepted request was answered.
 */
class BalancerMainTest {

    private static final Pattern URL = Pattern.compile("balancer on (http://\\S+)");
    private static final int IO_MS = 1_000;

    @TempDir
    Path dir;

    private SyncWorker worker;
    private Process balancer;
    private final TestClient client = new TestClient();
    /** The child's stderr, appended by two threads in turn. */
    private final StringBuffer log = new StringBuffer();

    @BeforeEach
    void startWorker() {
        worker = SyncWorker.start(new SyncWorkerConfig("sync-1", "127.0.0.1", 0, 2));
    }

    @AfterEach
    void stop() {
        if (balancer != null) {
            balancer.destroyForcibly();
        }
        worker.close();
        client.close();
    }

    /** Starts BalancerMain in a child JVM with no registry, routing to the worker; returns its client URL. */
    private String startBalancer(int drainTimeoutMs) throws IOException {
        return startBalancer("""
                topology: sync
                balancer:
                  port: 0
                  admin-port: 0
                  drain-timeout-ms: %d
                registry:
                  enabled: false
                sync:
                  threads: 2
                  addresses: [127.0.0.1:%d]
                """.formatted(drainTimeoutMs, worker.port()));
    }

    private String startBalancer(String topology) throws IOException {
        Path config = Files.writeString(dir.resolve("topology.yml"), topology);
        balancer = ChildJvm.of(BalancerMain.class, "--config", config.toString()).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(balancer.getErrorStream(), StandardCharsets.UTF_8));
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            log.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                // Keep reading, so a chatty child never blocks on a full pipe.
                Thread.ofVirtual().start(() -> err.lines().forEach(l -> log.append(l).append('\n')));
                String url = m.group(1);
                // The static worker is added just after the port opens: ready once /health says so.
                await().atMost(BalancerRig.PATIENCE).until(() -> client.get(url + "/health").statusCode() == 200);
                return url;
            }
        }
        throw new AssertionError("the balancer exited without logging its URL:\n" + log);
    }

    private List<CompletableFuture<TestClient.Timed>> inFlight(String url, int count, int ioMs) {
        List<CompletableFuture<TestClient.Timed>> calls = IntStream.range(0, count)
                .mapToObj(i -> client.getAsync(url + "/work?io=" + ioMs)).toList();
        await().atMost(BalancerRig.PATIENCE).until(() -> worker.inFlight() == count);
        return calls;
    }

    @Test
    void a_static_async_address_with_its_h2c_port_sends_the_requests_to_the_workers_h2c_listener() throws Exception {
        try (AsyncWorker async = AsyncWorker.start(new AsyncWorkerConfig("async-1", "127.0.0.1", 0, 1, false))) {
            String url = startBalancer("""
                    topology: async
                    balancer:
                      port: 0
                      admin-port: 0
                    registry:
                      enabled: false
                    async:
                      addresses: ["127.0.0.1:%d;h2c=%d"]
                    """.formatted(async.port(), async.h2cPort()));

            for (int i = 0; i < 5; i++) {
                assertThat(client.get(url + "/work?io=1").statusCode()).isEqualTo(200);
            }

            Matcher open = Pattern.compile("(?m)^lab_worker_h2c_connections\\{[^}]*} (\\S+)$")
                    .matcher(client.get(async.url() + "/metrics").body());
            assertThat(open.find()).isTrue();
            assertThat(Double.parseDouble(open.group(1))).as("connections on the h2c listener; the balancer logged:\n%s", log).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void sigterm_with_requests_in_flight_answers_them_all_then_exits_0() throws Exception {
        String url = startBalancer(30_000);
        List<CompletableFuture<TestClient.Timed>> calls = inFlight(url, 2, IO_MS);

        balancer.destroy();

        for (CompletableFuture<TestClient.Timed> call : calls) {
            HttpResponse<String> response = call.get(30, TimeUnit.SECONDS).response();
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(balancer.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(balancer.exitValue()).as("exit code after a clean drain; log:\n%s", log).isZero();
    }

    @Test
    void sigterm_whose_drain_timeout_cuts_requests_off_exits_1() throws Exception {
        String url = startBalancer(300);
        inFlight(url, 1, 10_000);

        balancer.destroy();

        assertThat(balancer.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(balancer.exitValue()).as("exit code when requests were cut off; log:\n%s", log).isEqualTo(1);
    }
}
