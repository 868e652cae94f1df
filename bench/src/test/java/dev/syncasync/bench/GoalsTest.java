package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoalsTest {

    @Test
    void half_the_direct_throughput_passes_and_less_misses() {
        assertThat(Goals.throughput(0.50).pass()).isTrue();
        assertThat(Goals.throughput(0.49).pass()).isFalse();
        assertThat(Goals.throughput(0.49).verdict()).isEqualTo("MISS");
        assertThat(Goals.throughput(0.5).measured()).isEqualTo("0.50");
    }

    @Test
    void the_added_p50_may_be_up_to_three_tenths_of_a_millisecond() {
        assertThat(Goals.addedP50(0.3).pass()).isTrue();
        assertThat(Goals.addedP50(0.301).pass()).isFalse();
        assertThat(Goals.addedP50(-0.05).pass()).isTrue();
        assertThat(Goals.addedP50(0.042).measured()).isEqualTo("+0.042 ms");
    }

    @Test
    void the_added_p99_may_be_up_to_two_milliseconds() {
        assertThat(Goals.addedP99(2.0).pass()).isTrue();
        assertThat(Goals.addedP99(2.001).verdict()).isEqualTo("MISS");
        assertThat(Goals.addedP99(1.0).goal()).isEqualTo("<= 2.0 ms");
    }
}
