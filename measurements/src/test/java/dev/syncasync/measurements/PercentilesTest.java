package dev.syncasync.measurements;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void a_nearest_rank_percentile_is_a_measured_value_never_an_interpolation() {
        double[] sorted = {10, 20, 30, 40};

        assertThat(Percentiles.nearestRank(sorted, 0.5)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(sorted, 0.51)).isEqualTo(30);
        assertThat(Percentiles.nearestRank(sorted, 0.95)).isEqualTo(40);
        assertThat(Percentiles.nearestRank(sorted, 1.0)).isEqualTo(40);
        assertThat(Percentiles.nearestRank(sorted, 0.0)).isEqualTo(10);
    }

    @Test
    void the_fifth_of_five_clients_is_the_p95_as_the_theory_ranks_it() {
        // Five at once on four slots: four answers at T, the fifth at 2T; p95 is the fifth.
        assertThat(Percentiles.nearestRank(new double[] {1000, 1000, 1000, 1000, 2000}, 0.95)).isEqualTo(2000);
    }

    @Test
    void the_median_takes_the_middle_value_or_the_mean_of_the_middle_two_in_any_order() {
        assertThat(Percentiles.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Percentiles.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void nothing_measured_is_not_a_number_rather_than_zero() {
        assertThat(Percentiles.nearestRank(new double[0], 0.5)).isNaN();
        assertThat(Percentiles.median(new double[0])).isNaN();
    }
}
