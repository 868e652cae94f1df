package dev.syncasync.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncasync.measurements.RequestSamples.Sample;
import dev.syncasync.theory.PoissonSchedule;
import dev.syncasync.theory.SlotQueue;
import dev.syncasync.theory.plan.Forecast;
import dev.syncasync.theory.plan.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanRowTest {

    private static final Objective P99_250 = Objective.parse("p99=250ms");

    @Test
    void with_no_slot_limit_every_request_is_predicted_at_io_plus_the_measured_round_trip(@TempDir Path report)
            throws IOException {
        // An async lab (slots null): nobody waits, so the p99 is io 100 + round trip 4 = 104 ms, and
        // the band is 104 +- 15% = [88, 120] (no slack at or above 100 ms).
        labJson(report, "null", 4.0, 1.0, 30, 100, 20, 1);
        PlanPoint point = point(true, "async", 1);

        PlanRow inside = PlanRow.read(1, point, report, samples(600, 110));
        PlanRow above = PlanRow.read(1, point, report, samples(600, 121));

        assertThat(inside.run().objective()).isEqualTo(104);
        assertThat(inside.band().lower(104)).isEqualTo(88);
        assertThat(inside.band().upper(104)).isEqualTo(120);
        assertThat(inside.inside()).isTrue();
        assertThat(inside.meets()).isTrue();
        assertThat(above.inside()).isFalse();
        assertThat(above.measured()).isEqualTo(121);
    }

    @Test
    void with_slots_the_prediction_is_the_runs_own_schedule_through_the_fifo_queue_with_the_measured_costs(
            @TempDir Path report) throws IOException {
        labJson(report, "4", 3.0, 2.0, 30, 100, 20, 7);

        PlanRow row = PlanRow.read(3, point(false, "sync", 4), report, samples(600, 300));

        // The same seeded arrivals (rate 30, 20 s, seed 7) through 4 slots held io + hold = 102 ms,
        // each latency its wait + io + round trip 103 ms.
        double[] latencies = SlotQueue.latencies(PoissonSchedule.draw(30, 20_000, 7), 4, 102, 103);
        Arrays.sort(latencies);
        assertThat(row.run().objective()).isEqualTo(latencies[(int) Math.ceil(0.99 * latencies.length) - 1]);
        assertThat(row.run().p50()).isEqualTo(latencies[(int) Math.ceil(0.5 * latencies.length) - 1]);
        assertThat(row.run().slots()).isEqualTo(4);
        assertThat(row.roundTripMs()).isEqualTo(3.0);
        assertThat(row.point()).isEqualTo(3);
        assertThat(row.meets()).as("300 ms > 250").isFalse();
    }

    @Test
    void a_report_without_the_measured_costs_is_refused_with_what_to_do(@TempDir Path report) throws IOException {
        Files.writeString(report.resolve("lab.json"), "{\"slots\": 4, \"parameters\": {\"io\": 100}}");

        assertThatThrownBy(() -> PlanRow.read(2, point(true, "sync", 5), report, samples(10, 100)))
                .isInstanceOf(ExperimentException.class).hasMessageContaining("point 2").hasMessageContaining("--build");
    }

    @Test
    void failed_requests_are_counted_and_the_measured_percentile_is_the_nearest_rank() {
        List<Sample> samples = new ArrayList<>(samples(99, 100));
        samples.add(new Sample("30/s, io=100", 5000, 400, false));
        Forecast run = Forecast.ofSchedule(new double[] {0}, 30, 1, 103, 104, P99_250);

        PlanRow row = PlanRow.of(1, point(true, "sync", 5), 4, 3, run, samples);

        // 100 samples: the p99 is the 99th smallest, 100 ms; the 400 ms one is the max.
        assertThat(row.measured()).isEqualTo(100);
        assertThat(row.failed()).isEqualTo(1);
        assertThat(row.requests()).isEqualTo(100);
    }

    static PlanPoint point(boolean answer, String pool, int workers) {
        Forecast planned = Forecast.of(30, workers, 103, 104, P99_250, 1);
        return new PlanPoint(30, 100, P99_250, 1, 20, answer, new LabSpec(pool, workers, 1, 384), planned);
    }

    static List<Sample> samples(int n, int ms) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Sample("30/s, io=100", 1000L + i * 33 + ms, ms, true));
        }
        return out;
    }

    static void labJson(Path report, String slots, double rt, double hold, int rate, int io, int duration, long seed)
            throws IOException {
        Files.writeString(report.resolve("lab.json"), """
                {"simulation": "OpenModelRamp", "topology": "sync", "slots": %s, "loadModel": "open",
                 "parameters": {"overheadMs": %s, "holdMs": %s, "io": %d, "duration": %d, "seed": %d, "rates": [%d]}}
                """.formatted(slots, rt, hold, io, duration, seed, rate));
    }
}
