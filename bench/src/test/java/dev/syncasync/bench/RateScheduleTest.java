package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RateScheduleTest {

    @Test
    void a_rate_for_a_duration_is_a_period_and_a_count() {
        RateSchedule s = RateSchedule.of(5_000, Duration.ofSeconds(3));

        assertThat(s.periodNanos()).isEqualTo(200_000);
        assertThat(s.count()).isEqualTo(15_000);
        assertThat(s.ratePerSecond()).isEqualTo(5_000.0);
    }

    @Test
    void request_i_is_due_i_periods_after_the_start_whatever_came_before() {
        RateSchedule s = RateSchedule.of(4, Duration.ofSeconds(2));

        assertThat(s.offsetNanos(0)).isZero();
        assertThat(s.offsetNanos(1)).isEqualTo(250_000_000);
        assertThat(s.offsetNanos(7)).isEqualTo(1_750_000_000);
    }

    @Test
    void intended_times_do_not_drift_over_a_long_run() {
        RateSchedule s = RateSchedule.of(10_000, Duration.ofSeconds(60));

        assertThat(s.offsetNanos(s.count() - 1)).isEqualTo(60_000_000_000L - 100_000);
    }

    @Test
    void a_rate_that_does_not_divide_a_second_is_rounded_to_whole_nanoseconds() {
        RateSchedule s = RateSchedule.of(3, Duration.ofSeconds(1));

        assertThat(s.periodNanos()).isEqualTo(333_333_333);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.ratePerSecond()).isCloseTo(3.0, Offset.offset(1e-6));
    }

    @Test
    void due_counts_every_request_whose_time_has_come_and_never_more_than_the_run() {
        RateSchedule s = RateSchedule.of(1_000, Duration.ofMillis(10));

        assertThat(s.dueBy(-1)).isZero();
        assertThat(s.dueBy(0)).isEqualTo(1);
        assertThat(s.dueBy(999_999)).isEqualTo(1);
        assertThat(s.dueBy(1_000_000)).isEqualTo(2);
        assertThat(s.dueBy(5_500_000)).isEqualTo(6);
        assertThat(s.dueBy(Long.MAX_VALUE)).isEqualTo(10);
    }

    @Test
    void a_client_that_wakes_late_owes_every_request_it_missed() {
        RateSchedule s = RateSchedule.of(10_000, Duration.ofSeconds(1));
        int sent = s.dueBy(0);

        int owed = s.dueBy(3_000_000) - sent;

        assertThat(owed).isEqualTo(30);
    }

    @Test
    void an_index_outside_the_run_or_a_rate_of_zero_is_an_error() {
        RateSchedule s = RateSchedule.of(10, Duration.ofSeconds(1));

        assertThatThrownBy(() -> s.offsetNanos(10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> RateSchedule.of(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
