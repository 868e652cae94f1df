package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JvmSampleTest {

    @Test
    void a_sample_survives_the_line_the_balancer_jvm_sends_it_as() {
        JvmSample sample = new JvmSample(123_456, new long[] {-1, 789, -1}, new long[] {-1, 10_240, -1}, 4, 17, -1,
                99);

        JvmSample back = JvmSample.decode(sample.encode());

        assertThat(back.cpuNanos()).isEqualTo(123_456);
        assertThat(back.partCpu()).containsExactly(-1, 789, -1);
        assertThat(back.partAlloc()).containsExactly(-1, 10_240, -1);
        assertThat(back.gcPauses()).isEqualTo(4);
        assertThat(back.gcMillis()).isEqualTo(17);
        assertThat(back.runQueueNanos()).isEqualTo(-1);
        assertThat(back.loopWakeups()).isEqualTo(99);
    }

    @Test
    void a_line_that_is_not_a_sample_is_refused() {
        assertThatThrownBy(() -> JvmSample.decode("1 2 3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JVM sample");
    }

    @Test
    void the_growth_between_two_samples_is_unknown_where_either_side_is() {
        JvmSample from = new JvmSample(100, new long[] {10, -1, 5}, new long[] {0, 0, 0}, 1, 3, -1, 40);
        JvmSample to = new JvmSample(250, new long[] {25, 7, -1}, new long[] {8, 8, 8}, 3, 9, 50, 100);

        JvmSample grown = to.since(from);

        assertThat(grown.cpuNanos()).isEqualTo(150);
        assertThat(grown.partCpu()).containsExactly(15, -1, -1);
        assertThat(grown.gcPauses()).isEqualTo(2);
        assertThat(grown.gcMillis()).isEqualTo(6);
        assertThat(grown.runQueueNanos()).isEqualTo(-1);
        assertThat(grown.loopWakeups()).isEqualTo(60);
    }

    @Test
    void a_schedstat_line_gives_the_run_queue_wait_and_the_times_on_a_core() {
        assertThat(JvmSample.parseSchedstat("877285 12345 17\n")).containsExactly(12_345, 17);
    }

    @Test
    void this_jvm_can_sample_itself_with_parts_elsewhere_left_unknown() {
        JvmSample now = JvmSample.take(JvmSample.threads(Thread.currentThread().threadId(), -1, -1));

        assertThat(now.partCpu()[Part.CLIENT.ordinal()]).isGreaterThan(0);
        assertThat(now.partCpu()[Part.BALANCER.ordinal()]).isEqualTo(-1);
        assertThat(now.cpuNanos()).isGreaterThan(0);
        assertThat(now.loopWakeups()).isGreaterThanOrEqualTo(0);
    }
}
