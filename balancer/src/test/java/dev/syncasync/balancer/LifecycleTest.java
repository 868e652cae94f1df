package dev.syncasync.balancer;

import static dev.syncasync.balancer.BalancerRig.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.work.LabHeaders;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Changes while requests are under way: a topology switch, a graceful shutdown. */
class LifecycleTest {

    private BalancerRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void switching_topology_sends_the_waiting_requests_to_the_new_pool() throws Exception {
        int busyIoMs = 2_500;
        rig = BalancerRig.start(BalancerConfig.defaults(), Topology.SYNC);
        rig.sync("sync-1", 1);
        rig.async("async-1");
        CompletableFuture<TestClient.Timed> busy = rig.client().getAsync(rig.url("/work?io=" + busyIoMs));
        rig.awaitInFlight("sync-1", 1);
        List<CompletableFuture<TestClient.Timed>> waiting = List.of(
                rig.client().getAsync(rig.url("/work?io=50")),
                rig.client().getAsync(rig.url("/work?io=50")),
                rig.client().getAsync(rig.url("/work?io=50")));
        rig.awaitWaiting(3);

        rig.balancer().topology(Topology.ASYNC);

        for (CompletableFuture<TestClient.Timed> request : waiting) {
            TestClient.Timed answer = request.join();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header(LabHeaders.WORKER_ID)).isEqualTo("async-1");
        }
        assertThat(busy).as("the waiting ones did not wait for the sync thread").isNotDone();
        TestClient.Timed busyAnswer = busy.join();
        assertThat(busyAnswer.status()).as("in flight when the pool changed, it finished there").isEqualTo(200);
        assertThat(busyAnswer.header(LabHeaders.WORKER_ID)).isEqualTo("sync-1");
    }

    @Test
    void switching_to_a_pool_with_no_ready_worker_refuses_the_waiting_requests_with_503() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults(), Topology.SYNC);
        rig.sync("sync-1", 1);
        CompletableFuture<TestClient.Timed> busy = rig.client().getAsync(rig.url("/work?io=1500"));
        rig.awaitInFlight("sync-1", 1);
        CompletableFuture<TestClient.Timed> waiting = rig.client().getAsync(rig.url("/work?io=0"));
        rig.awaitWaiting(1);

        rig.balancer().topology(Topology.ASYNC);

        // It never reached a worker: the same answer as arriving at an empty pool, not a 502.
        TestClient.Timed refused = waiting.join();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo(Integer.toString(rig.config().retryAfterSeconds()));
        assertThat(new JsonObject(refused.response().body()).getString("reason")).isEqualTo("no-worker");
        assertThat(busy).isNotDone();
        assertThat(busy.join().status()).isEqualTo(200);
    }

    @Test
    void graceful_shutdown_answers_the_accepted_requests_then_refuses_connections() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults());
        rig.sync("sync-1", 1);
        CompletableFuture<TestClient.Timed> inFlight = rig.client().getAsync(rig.url("/work?io=1000"));
        rig.awaitInFlight("sync-1", 1);
        CompletableFuture<TestClient.Timed> queued = rig.client().getAsync(rig.url("/work?io=0"));
        rig.awaitWaiting(1);
        int port = rig.balancer().port();

        boolean finished = rig.shutdown(Duration.ofSeconds(10));

        assertThat(finished).isTrue();
        assertThat(inFlight.join().status()).isEqualTo(200);
        assertThat(queued.join().status()).isEqualTo(200);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void a_request_arriving_during_a_graceful_shutdown_gets_503() throws Exception {
        // No queue: until the shutdown begins a probe is refused as queue-full, never accepted,
        // so no probe can keep the balancer open or find it already closed.
        rig = BalancerRig.start(BalancerConfig.defaults().withQueue(0, 60_000));
        rig.sync("sync-1", 1);
        CompletableFuture<TestClient.Timed> inFlight = rig.client().getAsync(rig.url("/work?io=1500"));
        rig.awaitInFlight("sync-1", 1);

        CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> rig.shutdown(Duration.ofSeconds(10)));

        JsonObject[] refusal = new JsonObject[1];
        eventually().until(() -> {
            TestClient.Timed probe = rig.client().timedGet(rig.url("/work?io=0"));
            refusal[0] = new JsonObject(probe.response().body());
            return probe.status() == 503 && probe.header("Retry-After") != null
                    && refusal[0].getString("reason").equals("shutting-down");
        });
        assertThat(inFlight).as("refused while the accepted request was still in flight").isNotDone();
        assertThat(inFlight.join().status()).isEqualTo(200);
        assertThat(shutdown.join()).isTrue();
    }
}
