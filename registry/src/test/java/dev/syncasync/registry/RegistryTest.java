package dev.syncasync.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.syncasync.config.RegistryConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry alone: a Hazelcast member (as the balancer runs it) and workers that join it as
 * clients, on ephemeral ports. What the balancer does with the entries is the balancer's test.
 */
class RegistryTest {

    /** Short timings so expiry shows within a test: entries live 3 s, refreshed every second. */
    private static final RegistryConfig REGISTRY = RegistryConfig.defaults().withEphemeralPort()
            .withTimings(3_000, 1_000, 10_000);

    private HazelcastInstance member;
    private HazelcastInstance client;
    private final Map<String, WorkerEntry> seen = new ConcurrentHashMap<>();
    private final List<String> removed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        member = Hazelcasts.member(REGISTRY);
        new Registry(member).followWorkers(entry -> seen.put(entry.id(), entry), removed::add);
        client = Hazelcasts.client(REGISTRY, List.of("127.0.0.1:" + Hazelcasts.port(member)));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        member.shutdown();
    }

    @Test
    void a_registered_worker_is_listed_ready_then_draining_and_a_graceful_close_removes_it() {
        WorkerInfo info = new WorkerInfo("sync-1", Topology.SYNC, "127.0.0.1", 40_001, 1);

        Registration registration = Registration.register(client, info, REGISTRY);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.containsKey("sync-1"));
        assertThat(seen.get("sync-1").info()).isEqualTo(info);
        assertThat(seen.get("sync-1").draining()).isFalse();

        registration.draining();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.get("sync-1").draining());

        registration.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> removed.contains("sync-1"));
    }

    @Test
    void an_async_workers_h2c_listener_travels_with_its_entry() {
        WorkerInfo info = new WorkerInfo("async-1", Topology.ASYNC, "127.0.0.1", 40_003, dev.syncasync.server.WorkerServer.UNLIMITED,
                40_004);

        Registration.register(client, info, REGISTRY);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.containsKey("async-1"));

        assertThat(seen.get("async-1").info()).isEqualTo(info);
        assertThat(seen.get("async-1").info().h2cAddress()).isEqualTo("127.0.0.1:40004");
    }

    @Test
    void a_killed_workers_entry_expires_within_its_time_to_live() {
        Registration.register(client, new WorkerInfo("sync-ghost", Topology.SYNC, "127.0.0.1", 40_002, 1), REGISTRY);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.containsKey("sync-ghost"));
        long killed = System.nanoTime();

        client.getLifecycleService().terminate(); // no goodbye, no more refreshes
        client = null;

        await().atMost(Duration.ofMillis(REGISTRY.ttlMs() + 5_000)).until(() -> removed.contains("sync-ghost"));
        // Not before its last refresh has aged a whole TTL (it was refreshed at most refresh-ms before the kill).
        assertThat((System.nanoTime() - killed) / 1e6).isGreaterThan(REGISTRY.ttlMs() - REGISTRY.refreshMs());
    }

    @Test
    void a_live_worker_keeps_its_entry_past_the_time_to_live_by_refreshing_it() {
        Registration.register(client, new WorkerInfo("sync-alive", Topology.SYNC, "127.0.0.1", 40_003, 1), REGISTRY);
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.containsKey("sync-alive"));

        await().during(Duration.ofMillis(REGISTRY.ttlMs() * 2L)).atMost(Duration.ofMillis(REGISTRY.ttlMs() * 3L))
                .until(() -> !removed.contains("sync-alive"));
    }

    @Test
    void the_active_topology_written_by_one_member_is_seen_by_a_follower() {
        List<Topology> changes = new CopyOnWriteArrayList<>();
        new Registry(member).followTopology(changes::add);

        new Registry(client).topology(Topology.ASYNC);

        await().atMost(Duration.ofSeconds(5)).until(() -> changes.contains(Topology.ASYNC));
        assertThat(new Registry(member).topology()).contains(Topology.ASYNC);
    }

    @Test
    void a_worker_with_a_wrong_cluster_name_fails_with_a_clear_message_instead_of_hanging() {
        RegistryConfig wrong = REGISTRY.withClusterName("someone-else").withTimings(3_000, 1_000, 3_000);
        long start = System.nanoTime();

        assertThatThrownBy(() -> Hazelcasts.client(wrong, List.of("127.0.0.1:" + Hazelcasts.port(member))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cluster name 'someone-else'")
                .hasMessageContaining("within 3000 ms");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
    }
}
