package dev.syncasync.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncasync.admin.AdminClient;
import org.junit.jupiter.api.Test;

/** Reading the running lab from the admin API's JSON. */
class LabTopologyTest {

    private static final String BOTH_POOLS = """
            {"topology":"%s","workers":[
              {"id":"sync-1","kind":"sync","state":"ready","active":%s,"capacity":1,"inFlightLimit":1},
              {"id":"sync-2","kind":"sync","state":"ready","active":%s,"capacity":1,"inFlightLimit":1},
              {"id":"sync-3","kind":"sync","state":"ejected","active":%s,"capacity":1,"inFlightLimit":1},
              {"id":"async-1","kind":"async","state":"ready","active":%s,"capacity":null,"inFlightLimit":512},
              {"id":"async-2","kind":"async","state":"joining","active":%s,"capacity":null,"inFlightLimit":512}]}""";

    private static String lab(String active) {
        boolean sync = active.equals("sync");
        return BOTH_POOLS.formatted(active, sync, sync, sync, !sync, !sync);
    }

    @Test
    void the_sync_pool_offers_one_slot_per_ready_thread() {
        LabTopology t = LabTopology.parse(lab("sync"), 2, 1);
        assertThat(t.topology()).isEqualTo("sync");
        assertThat(t.workers()).isEqualTo(2); // the ejected one does not count
        assertThat(t.slots()).isEqualTo(2);
        assertThat(t.slotsFor(100)).isEqualTo(2);
        assertThat(t.computeThreads()).isEqualTo(2);
    }

    @Test
    void the_async_pool_has_no_slot_limit_but_computes_on_its_event_loops() {
        LabTopology t = LabTopology.parse(lab("async"), 2, 1);
        assertThat(t.isAsync()).isTrue();
        assertThat(t.workers()).isEqualTo(1); // the joining one does not count yet
        assertThat(t.slotsFor(100)).isEqualTo(100);
        assertThat(t.computeThreads()).isEqualTo(1);
        assertThat(t.syncSlots()).isEqualTo(2); // the ramp is sized on the sync pool either way
    }

    @Test
    void the_virtual_pool_has_no_slot_limit_and_computes_on_one_carrier_per_core() throws Exception {
        String json = """
                {"topology":"virtual","workers":[
                  {"id":"sync-1","kind":"sync","state":"ready","active":false,"capacity":1,"inFlightLimit":1},
                  {"id":"virtual-1","kind":"virtual","state":"ready","active":true,"capacity":null,"inFlightLimit":512},
                  {"id":"virtual-2","kind":"virtual","state":"ready","active":true,"capacity":null,"inFlightLimit":512}]}""";

        LabTopology t = LabTopology.parse(json, 2, 1);

        assertThat(t.isVirtual()).isTrue();
        assertThat(t.unlimited()).isTrue();
        assertThat(t.slotsFor(100)).isEqualTo(100);
        // Two workers in one JVM share its carriers: as many as cores, not workers x cores.
        assertThat(t.computeThreads()).isEqualTo(2);
        assertThat(LabTopology.of(AdminClient.parse(json), 2, 1, 4).computeThreads())
                .as("-Dcarriers=4: two JVMs of two carriers each").isEqualTo(4);
    }

    @Test
    void a_virtual_pool_capped_by_max_concurrent_computes_on_at_most_its_slots() {
        String json = """
                {"topology":"virtual","workers":[
                  {"id":"virtual-1","kind":"virtual","state":"ready","active":true,"capacity":1,"inFlightLimit":1}]}""";

        LabTopology t = LabTopology.parse(json, 2, 1);

        assertThat(t.unlimited()).isFalse();
        assertThat(t.computeThreads()).isEqualTo(1);
    }

    @Test
    void a_pool_without_a_ready_worker_stops_the_run_with_a_reason() {
        assertThatThrownBy(() -> LabTopology.parse("{\"topology\":\"async\",\"workers\":[]}", 2, 1))
                .hasMessageContaining("the async pool has no ready worker");
    }

    @Test
    void an_unreachable_admin_api_names_the_address_and_what_to_do() {
        assertThatThrownBy(() -> LabTopology.fetch("http://127.0.0.1:1", 2, 1))
                .hasMessageContaining("http://127.0.0.1:1/admin/workers")
                .hasMessageContaining("-DadminUrl");
    }
}
