package dev.syncasync.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncasync.admin.AdminClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The concurrency ladder's theory: the balancer's slots, the waves they make, and the bound on its time. */
class ConcurrencyLadderTest {

    private static final String LAB = """
            {"topology":"%s","workers":[
              {"id":"sync-1","kind":"sync","state":"ready","active":%s,"capacity":1,"inFlightLimit":1},
              {"id":"sync-2","kind":"sync","state":"ready","active":%s,"capacity":1,"inFlightLimit":1},
              {"id":"sync-3","kind":"sync","state":"ready","active":%s,"capacity":1,"inFlightLimit":1},
              {"id":"sync-4","kind":"sync","state":"ready","active":%s,"capacity":1,"inFlightLimit":1},
              {"id":"async-1","kind":"async","state":"ready","active":%s,"capacity":null,"inFlightLimit":512},
              {"id":"virtual-1","kind":"virtual","state":"ready","active":%s,"capacity":null,"inFlightLimit":4096},
              {"id":"virtual-2","kind":"virtual","state":"ejected","active":%s,"capacity":null,"inFlightLimit":4096}]}""";

    private static int slots(String active) throws Exception {
        boolean sync = active.equals("sync");
        boolean async = active.equals("async");
        boolean virtual = active.equals("virtual");
        return ConcurrencyLadder.balancerSlots(AdminClient.parse(LAB.formatted(active, sync, sync, sync, sync, async,
                virtual, virtual)));
    }

    @Test
    void the_sync_pool_gets_one_slot_per_thread_and_1000_at_once_come_in_250_waves() throws Exception {
        assertThat(slots("sync")).isEqualTo(4);

        ConcurrencyLadder.Step step = ConcurrencyLadder.plan(List.of(1_000), 50, 4, 1, 2, 0.2, 120, "sync").get(0);

        assertThat(step.waves()).isEqualTo(250);
        // The last of 250 waves of io + hold (51 ms), plus the rest of the round trip and three requests ahead.
        assertThat(step.prediction().max()).isCloseTo(250 * 51 + 1 + 3 * 0.2, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void an_unlimited_worker_gets_the_balancers_in_flight_limit_and_an_ejected_one_nothing() throws Exception {
        assertThat(slots("async")).isEqualTo(512);
        assertThat(slots("virtual")).isEqualTo(4096);
    }

    @Test
    void the_async_and_virtual_pools_take_1000_in_one_wave_and_10000_in_as_many_waves_as_the_balancer_caps()
            throws Exception {
        List<ConcurrencyLadder.Step> onDefaultCap = ConcurrencyLadder.plan(List.of(1_000, 10_000), 2_000, 512, 1, 2,
                0.1, 120, "async");
        List<ConcurrencyLadder.Step> onRaisedCap = ConcurrencyLadder.plan(List.of(1_000, 10_000), 2_000, 4096, 1, 2,
                0.1, 120, "virtual");
        List<ConcurrencyLadder.Step> unlimited = ConcurrencyLadder.plan(List.of(10_000), 2_000, Integer.MAX_VALUE, 1,
                2, 0.1, 120, "virtual");

        assertThat(onDefaultCap).extracting(ConcurrencyLadder.Step::waves).containsExactly(2, 20);
        assertThat(onRaisedCap).extracting(ConcurrencyLadder.Step::waves).containsExactly(1, 3);
        assertThat(onRaisedCap.get(0).name()).isEqualTo("1000 at once, io=2000");
        // One wave of ~2 s: io + round trip, and each request's share of the serial cost ahead of it.
        assertThat(onRaisedCap.get(0).prediction().max()).isCloseTo(2_000 + 2 + 999 * 0.1,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(unlimited.get(0).waves()).isEqualTo(1);
    }

    @Test
    void a_rung_predicted_to_last_longer_than_max_seconds_is_refused_with_its_waves_and_the_way_to_bound_it() {
        assertThatThrownBy(() -> ConcurrencyLadder.plan(List.of(1_000, 10_000), 2_000, 4, 1, 2, 0.2, 120, "sync"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000 at once at io=2000 on the sync pool's 4 slots take 250 waves")
                .hasMessageContaining("-DmaxSeconds=120")
                .hasMessageContaining("-Dn=1000 -Dio=50");
    }
}
