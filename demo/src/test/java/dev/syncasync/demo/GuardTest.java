package dev.syncasync.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The disturbance guard's rules, and its reading of /proc where Linux has one. */
class GuardTest {

    @Test
    void a_tenth_of_a_core_of_other_work_disturbs_a_row_and_less_does_not() {
        assertThat(new Guard.Disturbance(0.10, 0, 0, 10).disturbed()).isFalse();
        assertThat(new Guard.Disturbance(0.11, 0, 0, 10).disturbed()).isTrue();
        assertThat(new Guard.Disturbance(Double.NaN, 0, 0, 10).disturbed()).as("not measured: not disturbed").isFalse();
    }

    @Test
    void a_stall_disturbs_a_row_only_beyond_what_it_can_absorb() {
        assertThat(new Guard.Disturbance(0, 10, 0, Guard.stallLimit(50)).disturbed()).as("10 ms on a 50 ms row").isFalse();
        assertThat(new Guard.Disturbance(0, 0, 11, Guard.stallLimit(50)).disturbed()).isTrue();
        // A 10 s row absorbs 5% of itself.
        assertThat(Guard.stallLimit(10_000)).isEqualTo(500);
        assertThat(new Guard.Disturbance(0, 400, 0, Guard.stallLimit(10_000)).disturbed()).isFalse();
    }

    @Test
    void a_disturbance_says_what_was_seen() {
        assertThat(new Guard.Disturbance(0.42, 35, 2, 10).describe())
                .isEqualTo("other processes used 0.42 cores, a 35 ms stall in the lab's JVM");
        assertThat(new Guard.Disturbance(Double.NaN, 0, 0, 10).describe()).isEqualTo("no disturbance measured");
    }

    @Test
    void the_cpu_time_of_this_process_and_of_the_machine_are_read_from_proc() throws Exception {
        assumeTrue(CpuSampler.available(), "no /proc here");
        assertThat(CpuSampler.processTicks(ProcessHandle.current().pid())).isPositive();
        assertThat(CpuSampler.busy(Set.of())).isPositive();
        assertThat(CpuSampler.processTicks(0)).isZero();
    }
}
