package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./lab tasks} on a small N: every kind runs in its own JVM and the table says what was scaled. */
class TaskTableTest {

    @Test
    @Timeout(120)
    void two_hundred_tasks_of_each_kind_are_measured_and_the_bounded_kinds_are_scaled_up() throws Exception {
        TaskTable table = new TaskTable(200, 50, 2, 600_000);
        List<String> progress = new ArrayList<>();

        List<TaskResult> results = table.measure(progress::add);

        assertThat(results).extracting(TaskResult::kind).containsExactly(TaskKind.VIRTUAL, TaskKind.TIMERS,
                TaskKind.PLATFORM, TaskKind.PROCESSES);
        assertThat(results).extracting(TaskResult::created).containsExactly(200L, 200L, 50L, 2L);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.requested()).isEqualTo(200);
            assertThat(r.nanos()).isPositive();
            assertThat(r.stoppedBy()).isNull();
        });
        // Two sleeping JVMs hold tens of MB each; that is the row's point.
        TaskResult jvms = results.get(3);
        assertThat(jvms.bytesPerTask()).isGreaterThan(10 * 1024 * 1024);
        assertThat(jvms.megabytes()).isEqualTo(jvms.bytesPerTask() * 200 / (1024 * 1024));
        String rendered = table.render(results);
        assertThat(rendered).contains("virtual threads", "event-loop timers (Vert.x)", "platform threads",
                "processes (a JVM each)", "* scaled linearly from the tasks measured to N = 200");
        assertThat(progress).hasSize(4);
    }

    @Test
    void a_result_crosses_the_process_boundary_as_one_json_line_and_scales_linearly() {
        TaskResult r = new TaskResult(TaskKind.PLATFORM, 1_000_000, 20_000, 1_000_000_000L, 20_000L * 10_240, null);

        assertThat(TaskResult.parse(r.toJson())).isEqualTo(r);
        assertThat(r.extrapolated()).isTrue();
        assertThat(r.seconds()).isEqualTo(50.0);
        assertThat(r.bytesPerTask()).isEqualTo(10_240.0);
        assertThat(r.megabytes()).isEqualTo(10_240.0 * 1_000_000 / (1024 * 1024));
    }
}
