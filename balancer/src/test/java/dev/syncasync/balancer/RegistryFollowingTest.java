package dev.syncasync.balancer;

import static dev.syncasync.balancer.BalancerRig.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.RegistryConfig;
import dev.syncasync.config.SyncWorkerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.registry.Hazelcasts;
import dev.syncasync.registry.Registration;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.server.WorkerServer;
import dev.syncasync.syncworker.SyncWorker;
import dev.syncasync.testing.Burst;
import dev.syncasync.testing.Load;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The balancer following the Hazelcast registry it runs: workers that join, leave gracefully,
 * die, or register where they must not. Real workers and a real member on ephemeral ports.
 */
class RegistryFollowingTest {

    /** Short timings so expiry shows within a test: entries live 3 s, refreshed every second. */
    private static final RegistryConfig REGISTRY = RegistryConfig.defaults().withEphemeralPort()
            .withTimings(3_000, 1_000, 10_000);

    private BalancerRig rig;
    private HazelcastInstance member;
    private HazelcastInstance client;

    @BeforeEach
    void start() {
        rig = BalancerRig.start(BalancerConfig.defaults(), Topology.SYNC);
        member = Hazelcasts.member(REGISTRY);
        rig.balancer().followRegistry(member, REGISTRY, Set.of(Hazelcasts.port(member)));
        client = Hazelcasts.client(REGISTRY, List.of("127.0.0.1:" + Hazelcasts.port(member)));
    }

    @AfterEach
    void stop() {
        client.shutdown();
        rig.close();
        member.shutdown();
    }

    /** A sync worker of one thread, registered through the registry like a worker started apart. */
    private SyncWorker joined(String id) {
        SyncWorker worker = SyncWorker.start(new SyncWorkerConfig(id, "127.0.0.1", 0, 1));
        Registration.register(client, WorkerInfo.of(worker), REGISTRY);
        eventually().until(() -> state(id).equals("ready"));
        return worker;
    }

    private String state(String id) {
        return rig.admin("/admin/workers").getJsonArray("workers").stream()
                .map(JsonObject.class::cast)
                .filter(w -> w.getString("id").equals(id))
                .map(w -> w.getString("state")).findFirst().orElse("gone");
    }

    @Test
    void a_worker_that_joins_gets_traffic_only_after_its_health_check_passes() throws Exception {
        try (SyncWorker first = joined("sync-1")) {
            int port = freePort();
            WorkerInfo late = new WorkerInfo("sync-late", Topology.SYNC, "127.0.0.1", port, 1);
            try (Registration registration = Registration.register(client, late, REGISTRY)) {
                eventually().until(() -> !state("sync-late").equals("gone"));
                assertThat(state("sync-late")).isEqualTo("joining");
                for (int i = 0; i < 5; i++) {
                    assertThat(rig.client().get(rig.url("/work")).headers().firstValue("X-Worker-Id")).hasValue("sync-1");
                }

                try (SyncWorker server = SyncWorker.start(new SyncWorkerConfig("sync-late", "127.0.0.1", port, 1))) {
                    eventually().until(() -> state("sync-late").equals("ready"));
                    List<String> ids = Burst.send(rig.url("/work?io=200"), 2, Duration.ofSeconds(10)).stream()
                            .map(Burst.Result::workerId).toList();
                    assertThat(ids).containsExactlyInAnyOrder("sync-1", "sync-late");
                }
            }
        }
    }

    @Test
    void a_worker_stopped_abruptly_is_ejected_within_three_seconds_and_running_requests_do_not_fail()
            throws Exception {
        try (SyncWorker survivor = joined("sync-1")) {
            SyncWorker doomed = joined("sync-doomed");
            Load load = Load.start(rig.url("/work?io=100"), 4, Duration.ofSeconds(4));
            eventually().until(() -> served("sync-doomed") > 0);
            long killed = System.nanoTime();
            doomed.shutdown(Duration.ZERO);
            eventually().atMost(Duration.ofSeconds(3)).until(() -> !state("sync-doomed").equals("ready"));
            double ejectedAfterMs = (System.nanoTime() - killed) / 1e6;
            Load.Outcome outcome = load.await();

            assertThat(ejectedAfterMs).isLessThan(3_000);
            assertThat(outcome.failures()).as(outcome.toString()).isZero();
            assertThat(outcome.ok()).isGreaterThan(10);
        }
    }

    @Test
    void a_killed_workers_entry_expires_and_the_balancer_forgets_it() throws Exception {
        HazelcastInstance doomedClient = Hazelcasts.client(REGISTRY, List.of("127.0.0.1:" + Hazelcasts.port(member)));
        Registration.register(doomedClient, new WorkerInfo("sync-ghost", Topology.SYNC, "127.0.0.1", freePort(), 1),
                REGISTRY);
        eventually().until(() -> !state("sync-ghost").equals("gone"));

        doomedClient.getLifecycleService().terminate(); // no goodbye, no more refreshes

        eventually().atMost(Duration.ofMillis(REGISTRY.ttlMs() + 5_000)).until(() -> state("sync-ghost").equals("gone"));
    }

    @Test
    void a_graceful_stop_under_load_loses_no_request() throws Exception {
        try (SyncWorker stays = joined("sync-1")) {
            SyncWorker leaving = SyncWorker.start(new SyncWorkerConfig("sync-leaving", "127.0.0.1", 0, 1));
            Registration registration = Registration.register(client, WorkerInfo.of(leaving), REGISTRY);
            eventually().until(() -> state("sync-leaving").equals("ready"));

            Load load = Load.start(rig.url("/work?io=100"), 4, Duration.ofSeconds(4));
            eventually().until(() -> served("sync-leaving") > 0);
            registration.draining();
            eventually().atMost(Duration.ofSeconds(3)).until(() -> state("sync-leaving").equals("draining"));
            assertThat(leaving.shutdown(Duration.ofSeconds(5))).isTrue();
            registration.close();
            Load.Outcome outcome = load.await();

            assertThat(outcome.failures()).as(outcome.toString()).isZero();
            eventually().until(() -> state("sync-leaving").equals("gone"));
        }
    }

    @Test
    void a_registration_outside_the_allow_list_or_on_the_balancers_own_port_is_refused() throws Exception {
        int free = freePort();
        // Refused before any connection is tried: nothing is ever sent to 10.1.2.3.
        Registration.register(client, new WorkerInfo("sync-foreign", Topology.SYNC, "10.1.2.3", 9000, 1), REGISTRY);
        Registration.register(client, new WorkerInfo("sync-loop", Topology.SYNC, "127.0.0.1",
                rig.balancer().adminPort(), 1), REGISTRY);
        // An h2c listener on one of the balancer's own ports is refused as well.
        Registration.register(client, new WorkerInfo("async-loop", Topology.ASYNC, "127.0.0.1", freePort(),
                WorkerServer.UNLIMITED, rig.balancer().adminPort()), REGISTRY);
        Registration.register(client, new WorkerInfo("sync-fine", Topology.SYNC, "127.0.0.1", free, 1), REGISTRY);

        eventually().until(() -> !state("sync-fine").equals("gone"));
        assertThat(state("sync-foreign")).isEqualTo("gone");
        assertThat(state("sync-loop")).isEqualTo("gone");
        assertThat(state("async-loop")).isEqualTo("gone");
    }

    private long served(String id) {
        return rig.worker(id).getLong("served");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
