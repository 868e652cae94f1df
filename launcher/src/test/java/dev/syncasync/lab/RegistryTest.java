package dev.syncasync.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.syncasync.common.config.LabConfig;
import dev.syncasync.common.config.RegistryConfig;
import dev.syncasync.common.config.SyncWorkerConfig;
import dev.syncasync.common.config.Topology;
import dev.syncasync.common.server.WorkerInfo;
import dev.syncasync.registry.Hazelcasts;
import dev.syncasync.registry.Registration;
import dev.syncasync.syncworker.SyncWorker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workers joining and leaving through the Hazelcast registry, seen through the balancer. */
class RegistryTest {

    /** Short timings so expiry shows within a test: entries live 3 s, refreshed every second. */
    private static final RegistryConfig REGISTRY = RegistryConfig.defaults().withEphemeralPort()
            .withTimings(3_000, 1_000, 10_000);

    private final HttpClient http = HttpClient.newHttpClient();
    private Lab lab;
    private HazelcastInstance client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (lab != null) {
            lab.shutdown(Duration.ofSeconds(5));
        }
    }

    private void startLab(int syncWorkers) {
        LabConfig config = Labs.config(Topology.SYNC, syncWorkers, 0).withRegistry(REGISTRY);
        lab = Lab.start(config);
        client = Hazelcasts.client(REGISTRY, List.of("127.0.0.1:" + lab.registryPort()));
    }

    private Optional<JsonObject> worker(String id) throws Exception {
        JsonArray workers = admin().getJsonArray("workers");
        return IntStream.range(0, workers.size()).mapToObj(workers::getJsonObject)
                .filter(w -> w.getString("id").equals(id)).findFirst();
    }

    private JsonObject admin() throws Exception {
        return new JsonObject(get(lab.adminUrl() + "/admin/workers").body());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void a_worker_that_joins_gets_traffic_only_after_its_health_check_passes() throws Exception {
        startLab(1);
        int port = freePort();
        WorkerInfo late = new WorkerInfo("sync-late", Topology.SYNC, "127.0.0.1", port, 1);
        try (Registration registration = Registration.register(client, late, REGISTRY)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> worker("sync-late").isPresent());
            assertThat(worker("sync-late").orElseThrow().getString("state")).isEqualTo("joining");
            for (int i = 0; i < 5; i++) {
                assertThat(get(lab.url() + "/work").headers().firstValue("X-Worker-Id")).hasValue("sync-1");
            }

            try (SyncWorker server = SyncWorker.start(new SyncWorkerConfig("sync-late", "127.0.0.1", port, 1))) {
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> worker("sync-late").orElseThrow().getString("state").equals("ready"));
                List<String> ids = Burst.send(lab.url() + "/work?io=200", 2, Duration.ofSeconds(10)).stream()
                        .map(Burst.Result::workerId).toList();
                assertThat(ids).containsExactlyInAnyOrder("sync-1", "sync-late");
            }
        }
    }

    @Test
    void a_worker_stopped_abruptly_is_ejected_within_three_seconds_and_gets_running_then_do_not_fail()
            throws Exception {
        startLab(1);
        SyncWorker doomed = SyncWorker.start(new SyncWorkerConfig("sync-doomed", "127.0.0.1", 0, 1));
        Registration.register(client, WorkerInfo.of(doomed), REGISTRY);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> worker("sync-doomed").map(w -> w.getString("state").equals("ready")).orElse(false));

        Load load = Load.start(lab.url() + "/work?io=100", 4, Duration.ofSeconds(4));
        await().atMost(Duration.ofSeconds(5)).until(() -> worker("sync-doomed").orElseThrow().getLong("served") > 0);
        long killed = System.nanoTime();
        doomed.shutdown(Duration.ZERO);
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> !worker("sync-doomed").map(w -> w.getString("state").equals("ready")).orElse(false));
        double ejectedAfterMs = (System.nanoTime() - killed) / 1e6;
        Load.Outcome outcome = load.await();

        assertThat(ejectedAfterMs).isLessThan(3_000);
        assertThat(outcome.failures()).as(outcome.toString()).isZero();
        assertThat(outcome.ok()).isGreaterThan(10);
    }

    @Test
    void a_killed_workers_entry_expires_and_the_balancer_forgets_it() throws Exception {
        startLab(1);
        HazelcastInstance doomedClient = Hazelcasts.client(REGISTRY, List.of("127.0.0.1:" + lab.registryPort()));
        Registration.register(doomedClient, new WorkerInfo("sync-ghost", Topology.SYNC, "127.0.0.1", freePort(), 1),
                REGISTRY);
        await().atMost(Duration.ofSeconds(5)).until(() -> worker("sync-ghost").isPresent());

        doomedClient.getLifecycleService().terminate(); // no goodbye, no more refreshes

        await().atMost(Duration.ofMillis(REGISTRY.ttlMs() + 5_000)).until(() -> worker("sync-ghost").isEmpty());
    }

    @Test
    void a_graceful_stop_under_load_loses_no_request() throws Exception {
        startLab(1);
        SyncWorker leaving = SyncWorker.start(new SyncWorkerConfig("sync-leaving", "127.0.0.1", 0, 1));
        Registration registration = Registration.register(client, WorkerInfo.of(leaving), REGISTRY);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> worker("sync-leaving").map(w -> w.getString("state").equals("ready")).orElse(false));

        Load load = Load.start(lab.url() + "/work?io=100", 4, Duration.ofSeconds(4));
        await().atMost(Duration.ofSeconds(5)).until(() -> worker("sync-leaving").orElseThrow().getLong("served") > 0);
        registration.draining();
        await().atMost(Duration.ofSeconds(3))
                .until(() -> worker("sync-leaving").orElseThrow().getString("state").equals("draining"));
        assertThat(leaving.shutdown(Duration.ofSeconds(5))).isTrue();
        registration.close();
        Load.Outcome outcome = load.await();

        assertThat(outcome.failures()).as(outcome.toString()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> worker("sync-leaving").isEmpty());
    }

    @Test
    void a_registration_outside_the_allow_list_or_on_the_balancers_own_port_is_refused() throws Exception {
        startLab(1);
        int free = freePort();
        // Refused before any connection is tried: nothing is ever sent to 10.1.2.3.
        Registration.register(client, new WorkerInfo("sync-foreign", Topology.SYNC, "10.1.2.3", 9000, 1), REGISTRY);
        Registration.register(client, new WorkerInfo("sync-loop", Topology.SYNC, "127.0.0.1",
                lab.balancer().adminPort(), 1), REGISTRY);
        Registration.register(client, new WorkerInfo("sync-fine", Topology.SYNC, "127.0.0.1", free, 1), REGISTRY);

        await().atMost(Duration.ofSeconds(5)).until(() -> worker("sync-fine").isPresent());
        assertThat(worker("sync-foreign")).isEmpty();
        assertThat(worker("sync-loop")).isEmpty();
    }

    @Test
    void a_worker_with_a_wrong_cluster_name_fails_with_a_clear_message_instead_of_hanging() throws Exception {
        startLab(0);
        RegistryConfig wrong = REGISTRY.withClusterName("someone-else").withTimings(3_000, 1_000, 3_000);
        long start = System.nanoTime();

        assertThatThrownBy(() -> Hazelcasts.client(wrong, List.of("127.0.0.1:" + lab.registryPort())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster name 'someone-else'")
                .hasMessageContaining("within 3000 ms");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
    }
}
