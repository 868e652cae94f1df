package dev.syncasync.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.syncasync.measurements.CpuSampler;
import dev.syncasync.measurements.Disturbance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's disturbance guard: the demo's rule, with a container lab's processes counted as the lab's. */
class PointGuardTest {

    @Test
    void a_process_that_does_not_belong_to_the_container_is_not_counted_as_the_labs() {
        assumeTrue(CpuSampler.available(), "no /proc here");
        assertThat(PointGuard.runsHere(ProcessHandle.current().pid(), "0123456789abcdef0123456789abcdef")).isFalse();
        assertThat(PointGuard.runsHere(Long.MAX_VALUE, "anything")).isFalse();
    }

    @Test
    void a_container_it_cannot_see_leaves_the_cpu_unmeasured_and_the_point_undisturbed(@TempDir Path dir) throws Exception {
        try (PointGuard guard = PointGuard.start()) {
            guard.watch(null, "a-container-on-another-machine");
            long now = System.currentTimeMillis();

            Disturbance d = guard.check(now - 1000, now, Disturbance.stallLimit(100), dir.resolve("none.csv"));

            assertThat(d.othersCores()).isNaN();
            assertThat(d.disturbed()).isFalse();
        }
    }

    @Test
    void a_stall_of_gatlings_jvm_in_its_container_disturbs_the_point_beyond_5_percent_of_its_smallest_prediction(
            @TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis();
        Path stalls = dir.resolve("stalls-gatling-1.csv");
        // HiccupMeter's file: when each stall ended (epoch ms) and how long it was.
        Files.writeString(stalls, "endMs,stallMs\n" + (now - 500) + ",30.0\n");
        try (PointGuard guard = PointGuard.start()) {
            Disturbance d = guard.check(now - 1000, now, Disturbance.stallLimit(200), stalls);
            assertThat(d.gatlingStallMs()).isEqualTo(30.0);
            assertThat(d.stallLimitMs()).isEqualTo(10.0);
            assertThat(d.disturbed()).isTrue();
            assertThat(d.describe()).contains("a 30 ms stall in Gatling's JVM");
            assertThat(guard.check(now - 1000, now, Disturbance.stallLimit(1000), stalls).gatlingStallMs())
                    .as("a 1 s prediction absorbs 50 ms").isLessThan(Disturbance.stallLimit(1000));
        }
    }
}
