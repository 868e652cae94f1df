package dev.syncasync.measurements;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stalls: which ones overlap a window, and the file another JVM reads them from. */
class HiccupMeterTest {

    private static final List<HiccupMeter.Stall> STALLS = List.of(
            new HiccupMeter.Stall(1_000, 5), new HiccupMeter.Stall(2_000, 40), new HiccupMeter.Stall(3_000, 12));

    @Test
    void the_longest_stall_of_a_window_counts_every_stall_that_overlaps_it() {
        assertThat(HiccupMeter.longest(STALLS, 0, 10_000)).isEqualTo(40);
        // The 40 ms stall ended at 2000, so it covered 1960..2000.
        assertThat(HiccupMeter.longest(STALLS, 1_970, 1_980)).isEqualTo(40);
        assertThat(HiccupMeter.longest(STALLS, 2_001, 2_900)).isZero();
        assertThat(HiccupMeter.longest(STALLS, 2_500, 3_500)).isEqualTo(12);
    }

    @Test
    void stalls_written_by_one_jvm_read_back_in_another(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stalls.csv");
        assertThat(HiccupMeter.read(file)).as("no file yet: no stall").isEmpty();
        try (HiccupMeter meter = HiccupMeter.start()) {
            meter.writeTo(file);
            List<HiccupMeter.Stall> read = HiccupMeter.read(file);
            assertThat(read).hasSameSizeAs(meter.stalls());
        }
    }

    @Test
    void a_row_is_its_requests_nearest_rank_percentiles_and_a_group_its_duration() {
        List<RequestSamples.Sample> samples = List.of(new RequestSamples.Sample("a", 1_100, 100, true),
                new RequestSamples.Sample("a", 1_200, 150, true), new RequestSamples.Sample("a", 1_400, 300, true));
        RequestSamples.Stats each = RequestSamples.stats(samples);
        assertThat(new double[] {each.p50(), each.p95(), each.max()}).containsExactly(150, 300, 300);
        assertThat(each.throughput()).isEqualTo(3 * 1000.0 / (1_400 - 1_000)); // first send 1000, last end 1400
        RequestSamples.Stats group = RequestSamples.span(samples);
        assertThat(group.get("max")).isEqualTo(400);
        assertThat(RequestSamples.stats(List.of())).isEqualTo(RequestSamples.Stats.NONE);
    }
}
