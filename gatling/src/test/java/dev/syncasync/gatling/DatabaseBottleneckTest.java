package dev.syncasync.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.theory.Prediction;
import org.junit.jupiter.api.Test;

/** The connections DatabaseBottleneck predicts with, and the waves they give (issue 15's table). */
class DatabaseBottleneckTest {

    @Test
    void four_one_thread_sync_workers_use_one_connection_each_whatever_the_pool_size() {
        LabTopology sync = new LabTopology("sync", 4, 4, 2, 1, 4, 2);

        assertThat(DatabaseBottleneck.connections(sync, 4)).isEqualTo(4);
        assertThat(DatabaseBottleneck.connections(sync, 1)).isEqualTo(4);
    }

    @Test
    void unlimited_pools_use_every_connection_of_every_worker() {
        LabTopology async = new LabTopology("async", 2, Integer.MAX_VALUE, 2, 1, 4, 2);

        assertThat(DatabaseBottleneck.connections(async, 4)).isEqualTo(8);
        assertThat(DatabaseBottleneck.connections(async, 13)).isEqualTo(26);
    }

    @Test
    void a_hundred_at_once_come_in_ceil_100_over_p_waves_on_every_pool() {
        // Sync with 4 connections: 25 waves as before; async and virtual with 8: 13, not one.
        assertThat(Prediction.waves(100, 4, 200, 0, 0, 0).max()).isEqualTo(25 * 200.0);
        assertThat(Prediction.waves(100, 8, 200, 0, 0, 0).max()).isEqualTo(13 * 200.0);
        assertThat(Prediction.waves(100, 26, 200, 0, 0, 0).max()).isEqualTo(4 * 200.0);
        assertThat(Prediction.waves(100, 100, 200, 0, 0, 0).max()).isEqualTo(200.0);
    }
}
