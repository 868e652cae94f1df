package dev.syncasync.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** CPU lists, the workers' share of the CPUs, and pinning a thread for real where Linux allows it. */
class CpuPlacementTest {

    @Test
    void cpu_lists_read_and_write_as_the_kernel_and_taskset_do() {
        assertThat(CpuAffinity.parse("0-2,5")).containsExactly(0, 1, 2, 5);
        assertThat(CpuAffinity.parse("3")).containsExactly(3);
        assertThat(CpuAffinity.format(List.of(0, 1, 3))).isEqualTo("0,1,3");
        assertThatThrownBy(() -> CpuAffinity.parse("")).hasMessageContaining("empty");
    }

    @Test
    void the_workers_get_the_upper_half_of_the_cpus_and_at_least_one() {
        assertThat(CpuPlacement.split(List.of(0, 1))).isEqualTo(new CpuPlacement(List.of(1), List.of(0)));
        assertThat(CpuPlacement.split(List.of(0, 1, 2, 3, 4))).isEqualTo(new CpuPlacement(List.of(3, 4), List.of(0, 1, 2)));
        assertThat(CpuPlacement.split(List.of(0))).as("one CPU: nothing to split").isNull();
        assertThat(CpuPlacement.of("2,3", List.of(0, 1, 2, 3))).isEqualTo(new CpuPlacement(List.of(2, 3), List.of(0, 1)));
        assertThatThrownBy(() -> CpuPlacement.of("7", List.of(0, 1))).hasMessageContaining("not all allowed");
    }

    @Test
    void a_thread_started_by_a_pinned_thread_inherits_its_cpus() throws Exception {
        assumeTrue(CpuAffinity.available(), "no /proc/thread-self or taskset here");
        List<Integer> allowed = CpuAffinity.processCpus();
        assumeTrue(allowed.size() >= 2, "one CPU: nothing to pin apart");
        List<Integer> one = List.of(allowed.get(allowed.size() - 1));
        AtomicReference<List<Integer>> child = new AtomicReference<>();
        Thread pinned = new Thread(() -> {
            CpuAffinity.pinThisThread(one);
            Thread inner = new Thread(() -> child.set(CpuAffinity.threads().get(CpuAffinity.threadId())));
            inner.start();
            try {
                inner.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pinned.start();
        pinned.join();
        assertThat(child.get()).isEqualTo(one);
        assertThat(CpuAffinity.threads().get(CpuAffinity.threadId())).as("this thread is untouched").isEqualTo(allowed);
    }
}
