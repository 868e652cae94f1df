package dev.syncasync.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The theory against cases worked out by hand. */
class TheoryTest {

    @Test
    void five_requests_on_four_slots_finish_four_at_t_and_one_at_two_t() {
        assertThat(new double[] {Batch.completion(0, 4, 1), Batch.completion(3, 4, 1), Batch.completion(4, 4, 1)})
                .containsExactly(1, 1, 2);
        assertThat(Batch.makespan(5, 4, 1)).isEqualTo(2);
        assertThat(Batch.mean(5, 4, 1)).isCloseTo(1.2, within(1e-12)); // (4*1 + 2) / 5
    }

    @Test
    void a_hundred_requests_on_four_slots_take_twenty_five_waves_with_a_mean_of_thirteen() {
        assertThat(Batch.waves(100, 4)).isEqualTo(25);
        assertThat(Batch.makespan(100, 4, 1)).isEqualTo(25);
        assertThat(Batch.mean(100, 4, 1)).isCloseTo(13, within(1e-12)); // 4 * (1 + ... + 25) / 100
        assertThat(Batch.wave(99, 4)).isEqualTo(25);
        assertThat(Batch.percentile(100, 4, 1, 0.5)).isEqualTo(13); // rank 50 -> index 49 -> wave 13
        assertThat(Batch.percentile(100, 4, 1, 0.95)).isEqualTo(24); // rank 95 -> index 94 -> wave 24
        assertThat(Batch.percentile(100, 4, 1, 1.0)).isEqualTo(25);
    }

    @Test
    void a_hundred_requests_on_a_hundred_slots_take_one_wave() {
        assertThat(Batch.makespan(100, 100, 0.3)).isEqualTo(0.3);
        assertThat(Batch.mean(100, 100, 0.3)).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void a_closed_loop_of_eight_clients_on_four_slots_doubles_the_response_time() {
        assertThat(ClosedLoop.throughput(8, 4, 0.1)).isCloseTo(40, within(1e-9)); // 4 / 0.1 s
        assertThat(ClosedLoop.responseTime(8, 4, 0.1)).isCloseTo(0.2, within(1e-12)); // 8 / 40
        assertThat(ClosedLoop.responseTime(2, 4, 0.1)).isCloseTo(0.1, within(1e-12)); // nobody waits
    }

    @Test
    void erlang_c_for_two_servers_at_half_load_waits_a_third_of_the_time() {
        // c = 2, lambda = 1/s, t = 1 s: a = 1; C = (1/2 * 2) / (1 + 1 + 1) = 1/3; Wq = C / (2 - 1) = 1/3 s.
        assertThat(ErlangC.probabilityOfWaiting(1, 2, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ErlangC.meanWait(1, 2, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ErlangC.meanWaitDeterministic(1, 2, 1)).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(ErlangC.utilisation(1, 2, 1)).isEqualTo(0.5);
    }

    @Test
    void erlang_c_with_one_server_is_m_m_1() {
        // M/M/1 at rho = 0.8, t = 1: P(wait) = 0.8, Wq = rho / (mu - lambda) = 0.8 / 0.2 = 4.
        assertThat(ErlangC.probabilityOfWaiting(0.8, 1, 1)).isCloseTo(0.8, within(1e-12));
        assertThat(ErlangC.meanWait(0.8, 1, 1)).isCloseTo(4, within(1e-9));
        // P(W > x) = 0.8 e^{-0.2 x}; the 0.9-quantile: 0.8 e^{-0.2x} = 0.1 -> x = ln 8 / 0.2.
        assertThat(ErlangC.waitPercentile(0.8, 1, 1, 0.9)).isCloseTo(Math.log(8) / 0.2, within(1e-9));
        assertThat(ErlangC.waitPercentile(0.8, 1, 1, 0.1)).isZero();
    }

    @Test
    void an_overloaded_queue_has_no_steady_state() {
        assertThatThrownBy(() -> ErlangC.meanWait(5, 4, 1)).hasMessageContaining("grows without bound");
    }

    @Test
    void cpu_bound_work_is_limited_by_cores_not_by_topology() {
        assertThat(CpuBound.makespan(100, 20, 4, 2)).isEqualTo(1000); // sync: 4 threads, 2 cores
        assertThat(CpuBound.makespan(100, 20, 2, 2)).isEqualTo(1000); // async: 2 loops, 2 cores
        assertThat(CpuBound.makespan(100, 20, 4, 8)).isEqualTo(500);
    }
}
