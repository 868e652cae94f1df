package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Policy;
import dev.syncasync.work.LabHeaders;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which worker each policy picks, seen through the {@code X-Worker-Id} of real responses. */
class SelectionPolicyTest {

    /** Long against the few milliseconds a short request takes, even on a busy machine. */
    private static final int LONG_IO_MS = 1_500;

    private BalancerRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void round_robin_sends_thirty_sequential_requests_ten_to_each_of_three_workers() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults().withPolicy(Policy.ROUND_ROBIN));
        rig.sync("sync-1", 1);
        rig.sync("sync-2", 1);
        rig.sync("sync-3", 1);

        Map<String, Integer> served = sendSequentially(30);

        assertThat(served).containsExactlyInAnyOrderEntriesOf(Map.of("sync-1", 10, "sync-2", 10, "sync-3", 10));
    }

    @Test
    void least_in_flight_sends_short_requests_to_the_idle_worker_while_the_first_is_busy() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults().withPolicy(Policy.LEAST_IN_FLIGHT));
        rig.sync("sync-1", 2);
        rig.sync("sync-2", 2);

        CompletableFuture<TestClient.Timed> busy = rig.client().getAsync(rig.url("/work?io=" + LONG_IO_MS));
        rig.awaitInFlight("sync-1", 1);
        Map<String, Integer> served = sendSequentially(10);

        assertThat(busy).as("the long request was in flight throughout").isNotDone();
        // sync-1 still has a free thread, but sync-2 has fewer requests in flight.
        assertThat(served).containsExactlyEntriesOf(Map.of("sync-2", 10));
        TestClient.Timed longOne = busy.join();
        assertThat(longOne.status()).isEqualTo(200);
        assertThat(longOne.header(LabHeaders.WORKER_ID)).as("ties go to the first registered").isEqualTo("sync-1");
    }

    @Test
    void power_of_two_choices_spreads_sixty_requests_over_all_three_workers() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults().withPolicy(Policy.POWER_OF_TWO_CHOICES));
        rig.sync("sync-1", 1);
        rig.sync("sync-2", 1);
        rig.sync("sync-3", 1);

        Map<String, Integer> served = sendSequentially(60);

        // Idle workers tie, so each pick is uniform: one left out of 60 has odds of 3 x (2/3)^60, ~1e-10.
        assertThat(served).containsOnlyKeys("sync-1", "sync-2", "sync-3");
        assertThat(served.values()).allSatisfy(n -> assertThat(n).isPositive());
    }

    /** Sends {@code count} short requests one after the other; counts them by {@code X-Worker-Id}. */
    private Map<String, Integer> sendSequentially(int count) throws Exception {
        Map<String, Integer> served = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = rig.client().get(rig.url("/work?io=0"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            served.merge(response.headers().firstValue(LabHeaders.WORKER_ID).orElseThrow(), 1, Integer::sum);
        }
        return served;
    }
}
