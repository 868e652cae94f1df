package dev.syncasync.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The models the demo's rows are asserted against, on cases worked out by hand. */
class ModelsTest {

    @Test
    void the_band_is_fifteen_percent_either_way_plus_two_round_trips_under_100_ms() {
        Band band = Band.standard(3);
        assertThat(band.lower(1000)).isEqualTo(850);
        assertThat(band.upper(1000)).isEqualTo(1150);
        // 53 ms: 15% is 7.95 ms, plus two round trips of 3 ms.
        assertThat(band.lower(53)).isEqualTo(39); // floor(45.05 - 6)
        assertThat(band.upper(53)).isEqualTo(67); // ceil(60.95 + 6)
        assertThat(band.contains(1000, 1150)).isTrue();
        assertThat(band.contains(1000, 1151)).isFalse();
        assertThat(band.contains(Double.NaN, 5)).as("no prediction, nothing to disagree with").isTrue();
        assertThat(band.containsRate(40, 34.1)).isTrue();
        assertThat(band.containsRate(40, 33.9)).isFalse();
    }

    @Test
    void a_band_wider_than_fifteen_percent_cannot_be_made() {
        assertThatThrownBy(() -> new Band(0.2, 0, 100)).hasMessageContaining("at most");
    }

    @Test
    void a_slot_queue_makes_the_fifth_of_five_simultaneous_arrivals_wait_one_hold() {
        double[] waits = SlotQueue.waits(new double[] {0, 0, 0, 0, 0}, 4, 100);
        assertThat(waits).containsExactly(0, 0, 0, 0, 100);
        assertThat(SlotQueue.latencies(new double[] {0, 0, 0, 0, 0}, 4, 101, 105)).containsExactly(105, 105, 105, 105, 206);
    }

    @Test
    void a_slot_queue_drains_between_spaced_arrivals_and_builds_up_when_they_bunch() {
        // One slot of 100 ms: arrivals at 0, 150 never wait; 160 waits until 250, 170 until 350.
        assertThat(SlotQueue.waits(new double[] {0, 150, 160, 170}, 1, 100)).containsExactly(0, 0, 90, 180);
        assertThat(SlotQueue.waits(new double[] {0, 1, 2}, Integer.MAX_VALUE, 100)).containsExactly(0, 0, 0);
    }

    @Test
    void a_poisson_schedule_is_reproducible_and_has_the_rate_asked_for() {
        double[] a = PoissonSchedule.draw(36, 100_000, 42);
        assertThat(PoissonSchedule.draw(36, 100_000, 42)).containsExactly(a);
        assertThat(PoissonSchedule.draw(36, 100_000, 43)).isNotEqualTo(a);
        // 3600 expected, standard deviation 60.
        assertThat(a.length).isBetween(3600 - 300, 3600 + 300);
        assertThat(a).isSorted();
        assertThat(a[a.length - 1]).isLessThan(100_000);
    }

    @Test
    void processor_sharing_runs_four_threads_on_one_core_at_a_quarter_speed() {
        List<ProcessorSharing.Job> jobs = List.of(new ProcessorSharing.Job(0, new double[] {20, 20}),
                new ProcessorSharing.Job(0, new double[] {20, 20}), new ProcessorSharing.Job(0, new double[] {20, 20}),
                new ProcessorSharing.Job(0, new double[] {20, 20}));
        double[][] done = ProcessorSharing.completions(jobs, 1);
        for (double[] job : done) {
            assertThat(job[0]).isCloseTo(80, within(1e-6));
            assertThat(job[1]).isCloseTo(160, within(1e-6));
        }
    }

    @Test
    void processor_sharing_speeds_the_rest_up_when_a_thread_finishes_and_starts_late_threads_late() {
        // One core: a 10 ms job and a 30 ms job share it until 20 ms; the second then runs alone until 40.
        double[][] done = ProcessorSharing.completions(List.of(new ProcessorSharing.Job(0, new double[] {10}),
                new ProcessorSharing.Job(0, new double[] {30}), new ProcessorSharing.Job(100, new double[] {5})), 1);
        assertThat(done[0][0]).isCloseTo(20, within(1e-6));
        assertThat(done[1][0]).isCloseTo(40, within(1e-6));
        assertThat(done[2][0]).isCloseTo(105, within(1e-6));
    }

    @Test
    void light_requests_on_a_loop_beside_twenty_offloaded_ones_take_twenty_one_times_their_cpu() {
        // 20 worker-pool threads burn 50 ms each; one event loop gets 20 light requests of 2 ms at 50 ms.
        List<ProcessorSharing.Job> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            jobs.add(new ProcessorSharing.Job(0, new double[] {50}));
        }
        double[] light = new double[20];
        Arrays.fill(light, 2);
        jobs.add(new ProcessorSharing.Job(50, light));
        double[][] done = ProcessorSharing.completions(jobs, 1);
        // Until 50 ms the 20 share the core (2.5 ms of CPU each); then 21 runnable: a light one every 42 ms.
        assertThat(done[20][0] - 50).isCloseTo(42, within(1e-6));
        assertThat(done[20][19] - 50).isCloseTo(840, within(1e-6));
    }

    @Test
    void light_requests_on_a_loop_beside_one_offload_thread_take_twice_their_cpu() {
        // One pool thread works through 20 heavy requests of 50 ms; the loop gets 20 light ones of 2 ms at 50 ms.
        double[] heavy = new double[20];
        Arrays.fill(heavy, 50);
        double[] light = new double[20];
        Arrays.fill(light, 2);
        double[][] done = ProcessorSharing.completions(
                List.of(new ProcessorSharing.Job(0, heavy), new ProcessorSharing.Job(50, light)), 1);
        // Two runnable threads from 50 ms on: a light one every 4 ms, the last at 80 ms.
        assertThat(done[1][0] - 50).isCloseTo(4, within(1e-6));
        assertThat(done[1][19] - 50).isCloseTo(80, within(1e-6));
        // The first heavy one had the core alone until 50 ms, so it ends then; the light ones delay the rest by 40 ms.
        assertThat(done[0][0]).isCloseTo(50, within(1e-6));
        assertThat(done[0][19]).isCloseTo(1040, within(1e-6));
    }

    @Test
    void cpu_bound_work_on_one_core_takes_the_same_time_on_four_threads_and_on_one_loop() {
        Prediction sync = Prediction.cpuBound(100, 20, 4, 1, 5);
        Prediction async = Prediction.cpuBound(100, 20, 1, 1, 5);
        assertThat(sync.max()).isCloseTo(2005, within(1e-6));
        assertThat(async.max()).isCloseTo(2005, within(1e-6));
        assertThat(sync.p50()).isCloseTo(13 * 80 + 5, within(1e-6)); // waves of 4, 80 ms each
        assertThat(async.p50()).isCloseTo(50 * 20 + 5, within(1e-6));
        assertThat(sync.model()).contains("4 threads sharing 1 core");
    }

    @Test
    void waves_hold_a_slot_for_io_plus_the_hop_and_add_the_rest_of_the_round_trip_once() {
        // 100 at once, io 50, on 4 slots: 25 waves of 51.5 ms; the client sees 5 - 1.5 ms more.
        Prediction sync = Prediction.waves(100, 4, 50, 1.5, 5, 0);
        assertThat(sync.max()).isCloseTo(25 * 51.5 + 3.5, within(1e-9));
        assertThat(sync.p50()).isCloseTo(13 * 51.5 + 3.5, within(1e-9));
        assertThat(sync.throughput()).isNaN();
        // Async, one wave, each request behind the ones ahead of it in the balancer's loop.
        Prediction async = Prediction.waves(100, Integer.MAX_VALUE, 400, 1, 3, 0.3);
        assertThat(async.p50()).isCloseTo(400 + 3 + 49 * 0.3, within(1e-9));
        assertThat(async.max()).isCloseTo(400 + 3 + 99 * 0.3, within(1e-9));
        assertThat(async.model()).contains("1 wave of 401 ms");
    }

    @Test
    void a_schedule_predicts_each_step_from_its_own_arrivals() {
        // 4 slots of 102 ms: six arrivals in the first 10 ms, two of them wait for the first slots to free.
        double[] arrivals = {0, 2, 4, 6, 8, 10, 500};
        Prediction p = Prediction.schedule("6 at once then one", arrivals, 4, 100, 2, 4);
        assertThat(p.max()).isCloseTo(102 - 8 + 104, within(1e-9)); // arrival 8 starts at 102
        assertThat(p.p50()).isCloseTo(104, within(1e-9));
        assertThat(p.throughput()).isCloseTo(7 / 0.604, within(1e-9)); // last answer at 500 + 104
        assertThat(p.model()).contains("2 of them wait");
    }
}
