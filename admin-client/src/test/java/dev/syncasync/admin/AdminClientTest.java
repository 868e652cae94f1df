package dev.syncasync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Reading {@code GET /admin/workers} as the balancer writes it. */
class AdminClientTest {

    private static final String LAB = """
            {"topology":"sync","queue":{"waiting":3,"max":10000},"inFlight":4,"workers":[
              {"id":"sync-1","kind":"sync","address":"127.0.0.1:4001","state":"ready","active":true,
               "capacity":1,"inFlightLimit":1,"inFlight":1,"served":7,"failures":0},
              {"id":"sync-2","kind":"sync","address":"127.0.0.1:4002","state":"ejected","active":true,
               "capacity":2,"inFlightLimit":1,"inFlight":0,"served":0,"failures":2},
              {"id":"async-1","kind":"async","address":"127.0.0.1:4003","state":"ready","active":false,
               "capacity":null,"inFlightLimit":512,"inFlight":0,"served":3,"failures":0}]}""";

    @Test
    void the_workers_answer_reads_into_the_pool_the_queue_and_every_worker() throws IOException {
        WorkersView view = AdminClient.parse(LAB);

        assertThat(view.topology()).isEqualTo("sync");
        assertThat(view.waiting()).isEqualTo(3);
        assertThat(view.maxQueue()).isEqualTo(10_000);
        assertThat(view.inFlight()).isEqualTo(4);
        assertThat(view.workers()).extracting(WorkerView::id).containsExactly("sync-1", "sync-2", "async-1");
        assertThat(view.ready("sync")).extracting(WorkerView::id).containsExactly("sync-1");
        assertThat(view.worker("sync-1").orElseThrow().served()).isEqualTo(7);
    }

    @Test
    void a_sync_worker_has_as_many_slots_as_the_balancer_lets_it_use_and_an_event_loop_has_no_limit()
            throws IOException {
        WorkersView view = AdminClient.parse(LAB);

        assertThat(view.worker("sync-2").orElseThrow().slots()).isEqualTo(1);
        assertThat(view.worker("async-1").orElseThrow().capacity()).isEqualTo(WorkerView.UNLIMITED);
        assertThat(view.worker("async-1").orElseThrow().slots()).isEqualTo(WorkerView.UNLIMITED);
    }

    @Test
    void an_answer_that_is_not_the_balancers_says_so() {
        assertThatThrownBy(() -> AdminClient.parse("<html>")).isInstanceOf(IOException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> AdminClient.parse("{\"error\":\"x\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("no workers list");
    }

    @Test
    void nothing_listening_names_the_address_and_what_to_do() {
        assertThatThrownBy(() -> new AdminClient("http://127.0.0.1:1").workers()).isInstanceOf(IOException.class)
                .hasMessageContaining("http://127.0.0.1:1/admin/workers")
                .hasMessageContaining("start the lab first");
    }
}
