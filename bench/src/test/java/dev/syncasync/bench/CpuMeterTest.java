package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    private static final JvmSample IDLE = new JvmSample(0, new long[] {1, -1, 2}, new long[] {10, -1, 20}, 0, 0, 0, 0);

    @Test
    void a_cpu_line_of_proc_stat_gives_total_and_idle_ticks_with_iowait_as_idle() {
        long[] ticks = CpuMeter.parseCpuLine("cpu  129811 0 17537 225034 305 0 231 115 0 0");

        assertThat(ticks).containsExactly(129811 + 17537 + 225034 + 305 + 231 + 115, 225034 + 305);
        assertThat(CpuMeter.parseCpuLine("cpu1 1 2 3 4 5")).containsExactly(15, 9);
    }

    @Test
    void a_line_that_is_not_a_cpu_line_gives_nothing() {
        assertThat(CpuMeter.parseCpuLine("intr 1 2 3 4 5")).isNull();
        assertThat(CpuMeter.parseCpuLine("cpu 1 2")).isNull();
    }

    @Test
    void proc_stat_gives_the_machine_in_row_zero_and_each_core_after_it() {
        long[][] rows = CpuMeter.parseStat(List.of("cpu  10 0 10 80 0", "cpu0 5 0 5 40 0", "cpu1 5 0 5 40 0",
                "intr 12345", "ctxt 999"));

        assertThat(rows).hasNumberOfRows(3);
        assertThat(rows[0]).containsExactly(100, 80);
        assertThat(rows[2]).containsExactly(50, 40);
    }

    @Test
    void the_busy_share_is_the_ticks_not_idle_over_all_ticks_between_two_samples() {
        assertThat(CpuMeter.busyShare(new long[] {1_000, 500}, new long[] {1_200, 550})).isCloseTo(0.75, within(1e-9));
        assertThat(CpuMeter.busyShare(new long[] {1_000, 500}, new long[] {1_000, 500})).isNaN();
        assertThat(CpuMeter.busyShare(null, new long[] {1, 1})).isNaN();
    }

    @Test
    void each_core_gets_its_own_busy_share() {
        long[][] from = {{0, 0}, {0, 0}, {0, 0}};
        long[][] to = {{200, 150}, {100, 100}, {100, 50}};

        assertThat(CpuMeter.cpuBusy(from, to)).containsExactly(0.0, 0.5);
        assertThat(CpuMeter.cpuBusy(null, to)).isEmpty();
    }

    @Test
    void a_part_is_counted_from_the_jvm_it_lives_in() {
        JvmSample balancerJvm = new JvmSample(7, new long[] {-1, 300, -1}, new long[] {-1, 4_096, -1}, 1, 2, 3, 4);
        CpuMeter.Use pinned = new CpuMeter.Use(1_000, 0.5, new double[] {0.4, 0.6}, IDLE, balancerJvm);
        CpuMeter.Use shared = new CpuMeter.Use(1_000, 0.5, new double[] {0.4, 0.6}, IDLE, null);

        assertThat(pinned.cpuNanos(Part.BALANCER)).isEqualTo(300);
        assertThat(pinned.allocatedBytes(Part.WORKER)).isEqualTo(20);
        assertThat(pinned.processNanos()).isEqualTo(7);
        assertThat(shared.cpuNanos(Part.BALANCER)).isEqualTo(-1);
        assertThat(shared.jvm(CpuMeter.Jvm.BALANCER)).isNull();
        assertThat(pinned.cpuBusy(1)).isEqualTo(0.6);
        assertThat(pinned.cpuBusy(2)).isNaN();
    }

    @Test
    void others_is_the_machine_busy_share_minus_what_our_jvms_used() {
        JvmSample main = new JvmSample(500, new long[3], new long[3], 0, 0, 0, 0);
        JvmSample balancerJvm = new JvmSample(300, new long[3], new long[3], 0, 0, 0, 0);
        // 1,000 ns on 2 cores: our 800 ns are 40% of the machine, which was 50% busy.
        CpuMeter.Use use = new CpuMeter.Use(1_000, 0.5, new double[] {0.5, 0.5}, main, balancerJvm);

        assertThat(use.others()).isCloseTo(0.1, within(1e-9));
    }
}
