package dev.syncasync.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void the_cpu_line_of_proc_stat_gives_total_and_idle_ticks_with_iowait_as_idle() {
        long[] ticks = CpuMeter.parseCpuLine("cpu  129811 0 17537 225034 305 0 231 115 0 0");

        assertThat(ticks).containsExactly(129811 + 17537 + 225034 + 305 + 231 + 115, 225034 + 305);
    }

    @Test
    void a_line_that_is_not_the_cpu_total_gives_nothing() {
        assertThat(CpuMeter.parseCpuLine("cpu0 1 2 3 4 5")).isNull();
        assertThat(CpuMeter.parseCpuLine("intr 1 2")).isNull();
    }

    @Test
    void the_busy_share_is_the_ticks_not_idle_over_all_ticks_between_two_samples() {
        assertThat(CpuMeter.busyShare(new long[] {1_000, 500}, new long[] {1_200, 550})).isCloseTo(0.75, within(1e-9));
        assertThat(CpuMeter.busyShare(new long[] {1_000, 500}, new long[] {1_000, 500})).isNaN();
        assertThat(CpuMeter.busyShare(null, new long[] {1, 1})).isNaN();
    }

    @Test
    void the_run_queue_wait_is_the_second_field_of_a_schedstat_line() {
        assertThat(CpuMeter.parseSchedstatWait("877285 12345 17\n")).isEqualTo(12_345);
    }

    @Test
    void a_per_thread_delta_is_unknown_where_either_sample_is() {
        assertThat(CpuMeter.delta(new long[] {10, -1, 5}, new long[] {25, 7, -1})).containsExactly(15, -1, -1);
    }
}
