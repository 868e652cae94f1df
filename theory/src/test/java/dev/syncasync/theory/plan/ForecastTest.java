package dev.syncasync.theory.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The forecast of one given schedule, worked by hand. */
class ForecastTest {

    private static final Objective P99 = Objective.parse("p99=1s");

    @Test
    void three_arrivals_ten_ms_apart_on_one_slot_of_fifteen_wait_zero_five_and_ten_ms() {
        // Slot free at 15, then 30: the second arrival (10) starts at 15, the third (20) at 30.
        Forecast f = Forecast.ofSchedule(new double[] {0, 10, 20}, 100, 1, 15, 20, P99);

        assertThat(f.p50()).isEqualTo(25);
        assertThat(f.p99()).isEqualTo(30);
        assertThat(f.objective()).isEqualTo(30);
        assertThat(f.waitP99()).isEqualTo(10);
        assertThat(f.waited()).isEqualTo(2.0 / 3);
        assertThat(f.mean()).isEqualTo(25);
        assertThat(f.utilisation()).as("100/s x 15 ms on one slot").isEqualTo(1.5);
    }

    @Test
    void a_run_past_capacity_still_has_finite_numbers_the_steady_state_has_none() {
        Forecast run = Forecast.ofSchedule(new double[] {0, 10, 20}, 100, 1, 15, 20, P99);
        Forecast steady = Forecast.of(100, 1, 15, 20, P99, 1);

        assertThat(run.stable()).isFalse();
        assertThat(run.p99()).isFinite();
        assertThat(steady.p99()).isInfinite();
    }

    @Test
    void with_no_slot_limit_nobody_waits() {
        Forecast f = Forecast.ofSchedule(new double[] {0, 0, 0, 1}, 30, Integer.MAX_VALUE, 103, 104, P99);

        assertThat(f.p99()).isEqualTo(104);
        assertThat(f.waited()).isZero();
    }

    @Test
    void an_empty_schedule_has_no_forecast() {
        assertThatThrownBy(() -> Forecast.ofSchedule(new double[0], 30, 1, 103, 104, P99))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
