package dev.syncasync.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Scenario predictions against cases worked out by hand. */
class PredictionTest {

    @Test
    void a_hundred_at_once_on_four_slots_of_400_ms_predicts_the_waves() {
        Prediction p = Prediction.batch(100, 4, 400);
        assertThat(p.p50()).isEqualTo(5200); // rank 50 rides wave 13
        assertThat(p.p95()).isEqualTo(9600); // rank 95 rides wave 24
        assertThat(p.max()).isEqualTo(10000); // 25 waves
        assertThat(p.throughput()).isCloseTo(10, within(1e-9)); // 100 in 10 s
        assertThat(p.model()).contains("25 waves of 400 ms");
    }

    @Test
    void five_at_once_on_four_slots_predicts_one_late_client() {
        Prediction p = Prediction.batch(5, 4, 1000);
        assertThat(new double[] {p.p50(), p.p95(), p.max()}).containsExactly(1000, 2000, 2000);
    }

    @Test
    void a_serial_stage_delays_each_request_by_its_place_in_line() {
        // Async, one wave of 400 ms; the 100th request leaves the balancer 100 x 0.3 ms after the first.
        Prediction p = Prediction.batch(100, 100, 400, 0.3);
        assertThat(p.p50()).isCloseTo(400 + 50 * 0.3, within(1e-9));
        assertThat(p.p95()).isCloseTo(400 + 95 * 0.3, within(1e-9));
        assertThat(p.max()).isCloseTo(430, within(1e-9));
        // Sync, 25 waves: the same 30 ms spread over the waves.
        assertThat(Prediction.batch(100, 4, 400, 0.3).max()).isCloseTo(10_030, within(1e-9));
        assertThat(p.model()).contains("+0.30 ms per request ahead in line");
    }

    @Test
    void cpu_bound_work_takes_as_long_on_four_threads_as_on_two_loops_of_two_cores() {
        Prediction sync = Prediction.cpuBound(100, 20, 4, 2);
        Prediction async = Prediction.cpuBound(100, 20, 2, 2);
        assertThat(sync.max()).isEqualTo(1000); // 100 * 20 ms / 2 cores
        assertThat(async.max()).isEqualTo(1000);
        // Four threads share two cores: waves of 4 requests, 40 ms each.
        assertThat(sync.p50()).isEqualTo(520); // wave 13 * 40
        assertThat(sync.p95()).isEqualTo(960); // wave 24 * 40
        // Two loops, one core each: waves of 2 requests, 20 ms each.
        assertThat(async.p50()).isEqualTo(500); // wave 25 * 20
        assertThat(async.p95()).isEqualTo(960); // wave 48 * 20
        assertThat(sync.throughput()).isCloseTo(100, within(1e-9));
    }

    @Test
    void one_client_after_another_never_waits() {
        Prediction p = Prediction.sequential(10, 50);
        assertThat(new double[] {p.p50(), p.p95(), p.max()}).containsExactly(50, 50, 50);
        assertThat(p.throughput()).isCloseTo(20, within(1e-9));
    }

    @Test
    void open_arrivals_at_75_percent_follow_erlang_c_halved_for_deterministic_service() {
        // a = 3 on c = 4: C = 0.5094; P(W > x) = C exp(-(c/t - lambda) x) with c/t - lambda = 0.01 per ms.
        Prediction p = Prediction.open(30, 4, 100);
        assertThat(p.p95()).isCloseTo(100 + Math.log(0.50943 / 0.05) / 0.01 / 2, within(0.1)); // 216.1
        assertThat(p.p50()).isCloseTo(100 + Math.log(0.50943 / 0.5) / 0.01 / 2, within(0.1)); // 100.9
        assertThat(p.max()).isNaN();
        assertThat(p.throughput()).isEqualTo(30);
    }

    @Test
    void an_overload_grows_the_queue_linearly() {
        // 60/s on 40/s of capacity for 4 s: 80 requests pile up, the last waits 80 / 40 = 2 s.
        Prediction p = Prediction.overload(60, 4, 100, 4);
        assertThat(p.max()).isCloseTo(2100, within(1e-9));
        assertThat(p.p50()).isCloseTo(1100, within(1e-9));
        assertThat(p.p95()).isCloseTo(2000, within(1e-9));
        assertThat(p.throughput()).isCloseTo(40, within(1e-9));
        assertThatThrownBy(() -> Prediction.overload(30, 4, 100, 4)).hasMessageContaining("not an overload");
    }

    @Test
    void the_relative_error_is_signed_and_unknown_without_a_prediction() {
        assertThat(Prediction.relativeError(1000, 1100)).isCloseTo(0.1, within(1e-12));
        assertThat(Prediction.relativeError(1000, 900)).isCloseTo(-0.1, within(1e-12));
        assertThat(Prediction.relativeError(Double.NaN, 900)).isNaN();
    }
}
