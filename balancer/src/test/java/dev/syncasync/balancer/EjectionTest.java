package dev.syncasync.balancer;

import static dev.syncasync.balancer.BalancerRig.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.work.LabHeaders;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Outlier ejection that tells slow from dead: a refused connection ejects at once (nothing
 * listens), a connect timeout is one failure among {@code eject-after-failures} in a row, no
 * more than {@code max-ejected-percent} of a pool is ejected for failures, one worker always
 * stays, and a busy worker that keeps answering keeps the requests it holds.
 */
class EjectionTest {

    private static final int CONNECT_TIMEOUT_MS = 200;

    private BalancerRig rig;

    @AfterEach
    void stop() {
        rig.close();
    }

    private Map<String, String> states() {
        return rig.admin("/admin/workers").getJsonArray("workers").stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(w -> w.getString("id"), w -> w.getString("state")));
    }

    @Test
    void one_connect_timeout_does_not_eject_a_worker_and_the_request_goes_to_another() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults().with(b -> b.connectTimeoutMs = CONNECT_TIMEOUT_MS));
        try (BlackHole slow = new BlackHole()) {
            rig.balancer().addWorker(new WorkerInfo("slow-1", Topology.SYNC, "127.0.0.1", slow.port(), 1));
            rig.sync("sync-1", 1);

            HttpResponse<String> response = rig.client().get(rig.url("/work?io=0"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue(LabHeaders.WORKER_ID)).hasValue("sync-1");
            assertThat(rig.worker("slow-1").getLong("failures")).isEqualTo(1);
            assertThat(rig.worker("slow-1").getString("state")).as("one slow connect is not a dead worker")
                    .isEqualTo("ready");
        }
    }

    @Test
    void connect_timeouts_on_every_worker_eject_no_more_than_the_pools_share_and_leave_one_worker() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults().with(b -> {
            b.connectTimeoutMs = CONNECT_TIMEOUT_MS;
            b.ejectAfterFailures = 2;
        }));
        try (BlackHole first = new BlackHole(); BlackHole second = new BlackHole()) {
            rig.balancer().addWorker(new WorkerInfo("slow-1", Topology.SYNC, "127.0.0.1", first.port(), 1));
            rig.balancer().addWorker(new WorkerInfo("slow-2", Topology.SYNC, "127.0.0.1", second.port(), 1));

            List<CompletableFuture<TestClient.Timed>> calls = IntStream.range(0, 6)
                    .mapToObj(i -> rig.client().getAsync(rig.url("/work?io=0"))).toList();
            calls.forEach(CompletableFuture::join);

            assertThat(rig.worker("slow-1").getLong("failures") + rig.worker("slow-2").getLong("failures"))
                    .as("enough failures to eject both").isGreaterThanOrEqualTo(4);
            assertThat(states().values()).as("half the pool at most, and one worker stays")
                    .containsExactlyInAnyOrder("ejected", "ready");
        }
    }

    @Test
    void a_refused_connection_ejects_at_once_even_the_last_worker_of_a_pool() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults());
        int nothingListens;
        try (BlackHole placeholder = new BlackHole()) {
            nothingListens = placeholder.port();
        }
        rig.balancer().addWorker(new WorkerInfo("dead-1", Topology.SYNC, "127.0.0.1", nothingListens, 1));

        HttpResponse<String> response = rig.client().get(rig.url("/work?io=0"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(states()).containsEntry("dead-1", "ejected");
    }

    @Test
    void a_busy_worker_that_fails_health_checks_but_keeps_answering_keeps_its_requests() throws Exception {
        // Event loops blocked by cpu work answer no health check for a while, yet finish a request
        // every few tens of milliseconds: slow, not dead. Whichever is ejected keeps what it holds.
        rig = BalancerRig.start(BalancerConfig.defaults().withHealthChecks(500, 400, 2), Topology.ASYNC);
        rig.async("async-1");
        rig.async("async-2");
        // 50 requests of 10 ms per loop: half a second of CPU each, an answer every 10 ms of it.
        int requests = 100;
        int cpuMs = 10;

        List<CompletableFuture<TestClient.Timed>> calls = IntStream.range(0, requests)
                .mapToObj(i -> rig.client().getAsync(rig.url("/work?cpu=" + cpuMs))).toList();

        for (CompletableFuture<TestClient.Timed> call : calls) {
            assertThat(call.join().status()).isEqualTo(200);
        }
        assertThat(rig.timeline("").stream().mapToInt(e -> e.getInteger("attempts")).max().orElseThrow())
                .as("no request was given up on and retried").isEqualTo(1);
        eventually().until(() -> states().values().stream().allMatch("ready"::equals));
    }
}
