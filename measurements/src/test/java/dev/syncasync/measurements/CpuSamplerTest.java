package dev.syncasync.measurements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the disturbance guard's CPU sampler counts as the lab's. */
class CpuSamplerTest {

    @Test
    void a_process_given_as_a_root_counts_with_its_cpu_and_one_that_ended_drops_out() throws Exception {
        assumeTrue(CpuSampler.available(), "no /proc here");
        // A shell that computes without end: a stand-in for a container's process, given by its pid.
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            long pid = busy.pid();
            // Half a second of its CPU: far more than both JVMs gain between two readings below.
            await().atMost(Duration.ofSeconds(30)).until(() -> CpuSampler.rootTicks(Set.of(pid)) > 50);
            long direct = CpuSampler.processTicks(pid);
            assertThat(CpuSampler.rootTicks(Set.of(pid))).as("its own ticks, still growing").isGreaterThanOrEqualTo(direct);
            long self = ProcessHandle.current().pid();
            long both = CpuSampler.rootTicks(Set.of(self, pid));
            assertThat(both).as("a root below another root counts once")
                    .isLessThan(CpuSampler.rootTicks(Set.of(self)) + CpuSampler.processTicks(pid));
        } finally {
            busy.destroy();
            busy.waitFor();
        }
        assertThat(CpuSampler.rootTicks(Set.of(busy.pid()))).isZero();
    }
}
