package dev.syncasync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    private static Latencies of(long... samples) {
        Latencies l = new Latencies(samples.length);
        for (long s : samples) {
            l.record(s);
        }
        return l;
    }

    private static Latencies oneTo(int n) {
        Latencies l = new Latencies(n);
        // Recorded backwards, so the percentiles have to sort.
        for (int i = n; i >= 1; i--) {
            l.record(i);
        }
        return l;
    }

    @Test
    void a_percentile_is_the_nearest_rank_not_an_interpolation() {
        Latencies l = of(40, 10, 30, 20);

        assertThat(l.percentile(50)).isEqualTo(20);
        assertThat(l.percentile(50.1)).isEqualTo(30);
        assertThat(l.percentile(75)).isEqualTo(30);
        assertThat(l.percentile(100)).isEqualTo(40);
        assertThat(l.max()).isEqualTo(40);
    }

    @Test
    void p99_and_p999_of_one_to_n_are_the_samples_at_those_ranks() {
        assertThat(oneTo(100).percentile(99)).isEqualTo(99);
        assertThat(oneTo(1_000).percentile(99.9)).isEqualTo(999);
        assertThat(oneTo(1_000).summary()).isEqualTo(new Latencies.Summary(1_000, 500, 990, 999, 1_000));
    }

    @Test
    void a_tiny_percentile_is_the_smallest_sample_and_one_sample_is_every_percentile() {
        assertThat(oneTo(10).percentile(0.001)).isEqualTo(1);
        assertThat(of(7).summary()).isEqualTo(new Latencies.Summary(1, 7, 7, 7, 7));
    }

    @Test
    void a_negative_sample_counts_as_zero() {
        assertThat(of(-3, 5).percentile(50)).isZero();
    }

    @Test
    void merged_rounds_give_percentiles_over_all_their_samples() {
        Latencies merged = Latencies.merge(List.of(of(1, 2), of(3, 4), of()));

        assertThat(merged.count()).isEqualTo(4);
        assertThat(merged.percentile(50)).isEqualTo(2);
        assertThat(merged.max()).isEqualTo(4);
    }

    @Test
    void recording_more_samples_than_planned_fails_rather_than_growing() {
        Latencies l = of(1);

        assertThatThrownBy(() -> l.record(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 planned");
    }

    @Test
    void no_samples_or_a_percentile_out_of_range_is_an_error() {
        assertThatThrownBy(() -> of().percentile(50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> of(1).percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> of(1).percentile(100.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
