package dev.syncasync.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.syncasync.measurements.Attempts;
import dev.syncasync.measurements.CpuSampler;
import dev.syncasync.measurements.Disturbance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The disturbance guard's rules, and its reading of /proc where Linux has one. */
class GuardTest {

    @Test
    void a_tenth_of_a_core_of_other_work_disturbs_a_row_and_less_does_not() {
        assertThat(new Disturbance(0.10, 0, 0, 10).disturbed()).isFalse();
        assertThat(new Disturbance(0.11, 0, 0, 10).disturbed()).isTrue();
        assertThat(new Disturbance(Double.NaN, 0, 0, 10).disturbed()).as("not measured: not disturbed").isFalse();
    }

    @Test
    void a_stall_disturbs_a_row_only_beyond_what_it_can_absorb() {
        assertThat(new Disturbance(0, 10, 0, Guard.stallLimit(50)).disturbed()).as("10 ms on a 50 ms row").isFalse();
        assertThat(new Disturbance(0, 0, 11, Guard.stallLimit(50)).disturbed()).isTrue();
        // A 10 s row absorbs 5% of itself.
        assertThat(Guard.stallLimit(10_000)).isEqualTo(500);
        assertThat(new Disturbance(0, 400, 0, Guard.stallLimit(10_000)).disturbed()).isFalse();
    }

    @Test
    void a_disturbance_says_what_was_seen() {
        assertThat(new Disturbance(0.42, 35, 2, 10).describe())
                .isEqualTo("other processes used 0.42 cores, a 35 ms stall in the lab's JVM");
        assertThat(new Disturbance(Double.NaN, 0, 0, 10).describe()).isEqualTo("no disturbance measured");
    }

    @Test
    void the_cpu_time_of_this_process_and_of_the_machine_are_read_from_proc() throws Exception {
        assumeTrue(CpuSampler.available(), "no /proc here");
        assertThat(CpuSampler.processTicks(ProcessHandle.current().pid())).isPositive();
        assertThat(CpuSampler.busy(Set.of())).isPositive();
        assertThat(CpuSampler.processTicks(0)).isZero();
    }

    private static final Disturbance QUIET = new Disturbance(0.02, 0, 0, 10);
    private static final Disturbance BUSY = new Disturbance(0.42, 0, 0, 10);

    @Test
    void a_disturbed_measurement_runs_again_and_the_first_undisturbed_attempt_is_kept() throws Exception {
        List<String> reruns = new ArrayList<>();

        Attempts<Integer> tried = Attempts.measure(attempt -> attempt, n -> n < 2 ? BUSY : QUIET, reruns::add);

        assertThat(tried.result()).isEqualTo(2);
        assertThat(tried.attempts()).isEqualTo(2);
        assertThat(tried.disturbed()).isFalse();
        assertThat(reruns).containsExactly("other processes used 0.42 cores");
        assertThat(tried.history()).isEqualTo("attempt 1 disturbed (other processes used 0.42 cores)");
    }

    @Test
    void a_measurement_disturbed_in_every_attempt_stops_after_the_demos_number_of_attempts_and_says_so() throws Exception {
        List<Integer> ran = new ArrayList<>();

        Attempts<Integer> tried = Attempts.measure(attempt -> {
            ran.add(attempt);
            return attempt;
        }, n -> BUSY, why -> { });

        assertThat(ran).containsExactly(1, 2, 3);
        assertThat(Guard.ATTEMPTS).isEqualTo(Demo.ATTEMPTS).isEqualTo(3);
        assertThat(tried.disturbed()).isTrue();
        assertThat(tried.result()).isEqualTo(3);
        assertThat(tried.disturbances()).hasSize(3);
    }

    @Test
    void an_undisturbed_measurement_runs_once_and_one_that_did_not_run_is_not_retried() throws Exception {
        assertThat(Attempts.measure(attempt -> "ok", r -> QUIET, why -> { }).attempts()).isEqualTo(1);
        Attempts<String> none = Attempts.measure(attempt -> null, r -> BUSY, why -> { });
        assertThat(none.result()).isNull();
        assertThat(none.attempts()).isEqualTo(1);
    }

    @Test
    void the_load_generators_cpu_is_the_labs_also_in_a_window_across_the_moment_its_pid_became_known() {
        // 1 s apart, 150 busy ticks on the CPUs: the lab 60, Gatling 80 (its 500 earlier ticks in the lab's sum
        // until its pid was known), so 10 ticks (0.10 cores) were somebody else's.
        CpuSampler.Sample before = new CpuSampler.Sample(0, 1000, 900, 0, 0);
        CpuSampler.Sample after = new CpuSampler.Sample(1000, 1150, 460, 580, 42);
        assertThat(CpuSampler.others(before, after)).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
        CpuSampler.Sample later = new CpuSampler.Sample(2000, 1350, 560, 680, 42);
        assertThat(CpuSampler.others(after, later)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void a_load_generator_that_ended_inside_the_window_reads_as_more_disturbed_never_as_less() {
        CpuSampler.Sample before = new CpuSampler.Sample(0, 1000, 400, 500, 42);
        CpuSampler.Sample after = new CpuSampler.Sample(1000, 1150, 460, 0, 0);
        // Gatling's 90 ticks before it ended are not seen: counted as others', 0.90 cores.
        assertThat(CpuSampler.others(before, after)).isCloseTo(0.90, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(CpuSampler.others(after, before)).isNaN();
    }
}
