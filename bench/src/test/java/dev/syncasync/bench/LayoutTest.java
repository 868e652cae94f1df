package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

class LayoutTest {

    @Test
    void pinned_puts_client_and_worker_on_the_first_allowed_core_and_the_balancer_on_the_second() {
        Layout l = Layout.choose(Layout.Kind.PINNED, List.of(2, 3, 5), true);

        assertThat(l.pinned()).isTrue();
        assertThat(l.clientCpu()).isEqualTo(2);
        assertThat(l.balancerCpu()).isEqualTo(3);
        assertThat(l.describe()).isEqualTo("pinned: client + worker in one JVM on cpu 2, balancer in its own JVM on cpu 3");
    }

    @Test
    void one_core_falls_back_to_shared_and_says_why() {
        Layout l = Layout.choose(Layout.Kind.PINNED, List.of(0), true);

        assertThat(l.pinned()).isFalse();
        assertThat(l.fallback()).isEqualTo("only 1 core is available and pinned needs 2");
        assertThat(l.describe()).isEqualTo("shared: client, balancer and worker in one JVM on 1 core"
                + " (pinned was not possible: only 1 core is available and pinned needs 2)");
    }

    @Test
    void no_taskset_falls_back_to_shared_and_says_why() {
        Layout l = Layout.choose(Layout.Kind.PINNED, List.of(0, 1), false);

        assertThat(l.pinned()).isFalse();
        assertThat(l.cores()).isEqualTo(2);
        assertThat(l.fallback()).contains("taskset");
    }

    @Test
    void shared_when_asked_is_no_fallback() {
        Layout l = Layout.choose(Layout.Kind.SHARED, List.of(0, 1), true);

        assertThat(l.pinned()).isFalse();
        assertThat(l.fallback()).isEmpty();
        assertThat(l.describe()).isEqualTo("shared: client, balancer and worker in one JVM on 2 cores");
    }

    @Test
    void a_failed_pin_keeps_the_cores_and_records_the_reason() {
        Layout l = Layout.choose(Layout.Kind.PINNED, List.of(0, 1), true).fallBack("taskset: failed to set pid");

        assertThat(l.pinned()).isFalse();
        assertThat(l.cores()).isEqualTo(2);
        assertThat(l.describe()).endsWith("(pinned was not possible: taskset: failed to set pid)");
    }

    @Test
    void only_pinned_and_shared_are_layouts() {
        assertThat(BenchOptions.parse("--layout", "shared").layout()).isEqualTo(Layout.Kind.SHARED);
        assertThatThrownBy(() -> BenchOptions.parse("--layout", "split")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("must be pinned or shared, got 'split'");
    }
}
