package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TasksetTest {

    @Test
    void a_kernel_cpu_list_names_every_core_of_its_ranges_in_order() {
        assertThat(Taskset.parseCpuList("0-1")).containsExactly(0, 1);
        assertThat(Taskset.parseCpuList(" 0-2,5,7-8\n")).containsExactly(0, 1, 2, 5, 7, 8);
        assertThat(Taskset.parseCpuList("3")).containsExactly(3);
        assertThat(Taskset.parseCpuList("")).isEmpty();
    }

    @Test
    void a_list_taskset_reads_is_comma_separated() {
        assertThat(Taskset.list(List.of(0, 1, 4))).isEqualTo("0,1,4");
    }

    @Test
    void pinning_sets_every_thread_of_a_running_process() {
        assertThat(Taskset.command(Path.of("/usr/bin/taskset"), 4242, "1")).containsExactly("/usr/bin/taskset", "-a",
                "-p", "-c", "1", "4242");
    }
}
