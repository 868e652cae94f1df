package dev.syncasync.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.measurements.Attempts;
import dev.syncasync.theory.PoissonSchedule;
import dev.syncasync.theory.Prediction;
import dev.syncasync.theory.SlotQueue;
import dev.syncasync.theory.plan.Forecast;
import dev.syncasync.theory.plan.Objective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --verify}'s judgement on runs written the way OpenModelRamp writes them: the prediction
 * recomputed from the run's own schedule and costs, each row held to the lab's band, the
 * objective to the measurement.
 */
class PlanCheckTest {

    private static final Objective P99_250 = Objective.parse("p99=250ms");
    private static final Forecast PLANNED = new Forecast(6, 0.5, 110, 104, 150, 46, 0.1, 150);

    /** A run of 20 s at 30/s, io=100, on {@code slots} slots, whose clients measured {@code scale} x the model's latencies. */
    private static Path run(Path dir, int slots, double scale) throws Exception {
        return run(dir, slots, scale, Integer.toString(slots));
    }

    /** The same, with {@code slotsJson} as lab.json's slots ({@code null}: an unlimited pool, async or virtual). */
    private static Path run(Path dir, int slots, double scale, String slotsJson) throws Exception {
        Files.createDirectories(dir);
        double[] arrivals = PoissonSchedule.draw(30, 20_000, 42);
        Prediction p = Prediction.schedule("30/s, io=100", arrivals, slots, 100, 1.0, 2.0);
        Files.writeString(dir.resolve("lab.json"), String.format(Locale.ROOT, """
                {"simulation": "OpenModelRamp", "topology": "sync", "workers": %d, "slots": %s, "loadModel": "open",
                 "parameters": {"overheadMs": 2.0, "holdMs": 1.0, "io": 100, "duration": 20, "seed": 42, "rates": [30]},
                 "expectations": [{"name": "30/s, io=100", "tag": "30-s-io-100", "group": false, "model": "schedule",
                   "p50": %f, "p95": %f, "max": %f, "throughput": %f, "checked": ["p50", "p95", "max", "throughput"],
                   "band": {"relative": 0.15, "slackMs": 4.0, "slackBelowMs": 100.0},
                   "cause": "a slot was held longer than io plus the calibrated hold (a stalled worker)"}]}""",
                Math.min(slots, 64), slotsJson, p.p50(), p.p95(), p.max(), p.throughput()));
        double[] latencies = SlotQueue.latencies(arrivals, slots, 101, 102);
        List<String> csv = new ArrayList<>(List.of("name,endMs,responseMs,ok,worker,requestId,queueMs"));
        for (int i = 0; i < arrivals.length; i++) {
            long ms = Math.round(latencies[i] * scale);
            csv.add("30/s; io=100," + (1_000_000 + Math.round(arrivals[i]) + ms) + "," + ms + ",true,sync-1," + i + ",0");
        }
        Files.write(dir.resolve("requests.csv"), csv);
        return dir;
    }

    private static PlanCheck.Row row(Path dir, String label, int slots, double scale) throws Exception {
        return PlanCheck.read(label, slots, PLANNED, run(dir.resolve(label), slots, scale), dir, P99_250);
    }

    @Test
    void a_recommendation_that_meets_and_a_smaller_configuration_that_misses_hold(@TempDir Path dir) throws Exception {
        // 30/s of 101 ms: 3.03 erlangs; 6 slots keep p99 near io, 2 cannot keep up (152%) and the queue grows.
        List<PlanCheck.Row> rows = List.of(row(dir, "6 workers x 1 thread", 6, 1), row(dir, "2 workers x 1 thread", 2, 1));

        PlanCheck.Outcome outcome = PlanCheck.judge(rows, P99_250);

        assertThat(rows).allMatch(PlanCheck.Row::agrees);
        assertThat(rows.get(0).measured()).isLessThanOrEqualTo(250);
        assertThat(rows.get(1).run()).isGreaterThan(250);
        assertThat(outcome.holds()).isTrue();
        assertThat(outcome.lines()).singleElement().asString().startsWith("the recommendation holds: 6 workers x 1 thread "
                + "met p99 <= 250 ms").contains("and 2 workers x 1 thread missed it");
        assertThat(PlanCheck.render(rows, P99_250, outcome)).contains("p99 ms: plan/run/meas.")
                .containsPattern("6 workers x 1 thread +\\d+ +104 / 102 / 102 .* meets +agrees");
    }

    @Test
    void an_unlimited_pool_is_predicted_with_nobody_waiting_and_holds_with_nothing_smaller(@TempDir Path dir)
            throws Exception {
        // The async pool's answer (lab.json's slots: null): every request io 100 + round trip 2 = 102 ms.
        Path report = run(dir.resolve("async"), Integer.MAX_VALUE, 1, "null");
        PlanCheck.Row row = PlanCheck.read("1 worker x 1 event loop", Integer.MAX_VALUE, PLANNED, report, dir, P99_250);

        PlanCheck.Outcome outcome = PlanCheck.judge(List.of(row), P99_250);

        assertThat(row.run()).isEqualTo(102);
        assertThat(row.slots()).isEqualTo(Integer.MAX_VALUE);
        assertThat(row.agrees()).isTrue();
        assertThat(outcome.holds()).isTrue();
        assertThat(outcome.lines()).singleElement().asString()
                .startsWith("the recommendation holds: 1 worker x 1 event loop met p99 <= 250 ms")
                .endsWith("(nothing smaller to run)");
    }

    @Test
    void each_pool_runs_its_own_size_and_keeps_the_others_small() {
        dev.syncasync.config.LabConfig base = dev.syncasync.config.LabConfig.defaults();

        dev.syncasync.config.LabConfig async = PlanVerify.sized(base, "async", 2, 1);
        dev.syncasync.config.LabConfig virtual = PlanVerify.sized(base, "virtual", 3, 2);
        dev.syncasync.config.LabConfig sync = PlanVerify.sized(base, "sync", 5, 1);

        assertThat(async.topology()).isEqualTo(dev.syncasync.config.Topology.ASYNC);
        assertThat(async.async().workers()).isEqualTo(2);
        assertThat(async.sync().workers()).isEqualTo(1);
        assertThat(virtual.topology()).isEqualTo(dev.syncasync.config.Topology.VIRTUAL);
        assertThat(virtual.virtual().workers()).isEqualTo(3);
        assertThat(virtual.virtual().maxConcurrent()).isEqualTo(2);
        assertThat(sync.sync().workers()).isEqualTo(5);
        assertThat(sync.sync().threads()).isEqualTo(1);
        assertThat(sync.virtual().workers()).isEqualTo(1);
    }

    @Test
    void a_measurement_outside_its_band_disagrees_names_the_cause_and_fails_the_verification(@TempDir Path dir)
            throws Exception {
        // Every latency 30% longer than the model: outside +-15% though it still meets the objective.
        List<PlanCheck.Row> rows = List.of(row(dir, "6 workers x 1 thread", 6, 1.3), row(dir, "2 workers x 1 thread", 2, 1));

        PlanCheck.Outcome outcome = PlanCheck.judge(rows, P99_250);

        assertThat(rows.get(0).agrees()).isFalse();
        assertThat(outcome.holds()).isFalse();
        assertThat(outcome.lines().get(0)).startsWith("6 workers x 1 thread DISAGREES with its prediction: p50 above by")
                .contains("likely cause: a slot was held longer than io plus the calibrated hold");
    }

    @Test
    void a_smaller_configuration_that_meets_the_objective_fails_the_verification_and_says_why(@TempDir Path dir)
            throws Exception {
        List<PlanCheck.Row> rows = List.of(row(dir, "6 workers x 1 thread", 6, 1), row(dir, "5 workers x 1 thread", 6, 1));

        PlanCheck.Outcome outcome = PlanCheck.judge(rows, P99_250);

        assertThat(outcome.holds()).isFalse();
        assertThat(outcome.lines()).singleElement().asString().startsWith("5 workers x 1 thread met p99 <= 250 ms in this run")
                .contains("this schedule's prediction").contains("a longer --duration or another --seed");
    }

    @Test
    void a_run_disturbed_in_every_attempt_has_no_verdict_and_exits_3_rather_than_agreeing_or_disagreeing(@TempDir Path dir)
            throws Exception {
        // 30% above the model, but the guard saw other processes' CPU in all three attempts: no verdict.
        PlanCheck.Row disturbed = disturbed(row(dir, "6 workers x 1 thread", 6, 1.3));
        List<PlanCheck.Row> rows = List.of(disturbed, row(dir, "2 workers x 1 thread", 2, 1));

        PlanCheck.Outcome outcome = PlanCheck.judge(rows, P99_250);

        assertThat(disturbed.agrees()).isFalse();
        assertThat(outcome.holds()).isFalse();
        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(Demo.DISTURBED).isEqualTo(3);
        assertThat(outcome.lines()).containsExactly(
                "6 workers x 1 thread was DISTURBED in all 3 attempts, no verdict on it: other processes used 0.42 cores; "
                        + "other processes used 0.42 cores; other processes used 0.42 cores",
                "no verdict: nothing disagrees, but other processes or stalls disturbed a run in every attempt (exit 3); "
                        + "run it again on a quieter machine");
        assertThat(PlanCheck.render(rows, P99_250, outcome)).containsPattern("(?m)^6 workers x 1 thread .* no verdict +disturbed$")
                .containsPattern("(?m)^2 workers x 1 thread .* misses +agrees$");
    }

    @Test
    void a_disagreement_in_an_undisturbed_run_still_fails_when_the_other_run_was_disturbed(@TempDir Path dir)
            throws Exception {
        List<PlanCheck.Row> rows = List.of(row(dir, "6 workers x 1 thread", 6, 1.3),
                disturbed(row(dir, "2 workers x 1 thread", 2, 1)));

        PlanCheck.Outcome outcome = PlanCheck.judge(rows, P99_250);

        assertThat(outcome.failed()).isTrue();
        assertThat(outcome.disturbed()).isTrue();
        assertThat(outcome.exitCode()).isEqualTo(1);
    }

    @Test
    void a_run_that_agreed_after_a_disturbed_attempt_counts_and_the_verification_holds(@TempDir Path dir) throws Exception {
        PlanCheck.Row second = row(dir, "6 workers x 1 thread", 6, 1)
                .after(new Attempts<>(null, 2, List.of("other processes used 0.42 cores")));
        List<PlanCheck.Row> rows = List.of(second, row(dir, "2 workers x 1 thread", 2, 1));

        PlanCheck.Outcome outcome = PlanCheck.judge(rows, P99_250);

        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.agrees()).isTrue();
        assertThat(outcome.holds()).isTrue();
        assertThat(outcome.exitCode()).isZero();
    }

    @Test
    void a_row_reads_the_window_of_its_requests_and_absorbs_stalls_of_5_percent_of_its_smallest_prediction(@TempDir Path dir)
            throws Exception {
        PlanCheck.Row r = row(dir, "6 workers x 1 thread", 6, 1);

        assertThat(r.toMs()).isGreaterThan(r.fromMs());
        assertThat(r.smallestMs()).isBetween(90.0, 115.0);
        assertThat(r.stallLimitMs()).isEqualTo(Guard.stallLimit(r.smallestMs())).isEqualTo(Guard.STALL_FLOOR_MS);
    }

    private static PlanCheck.Row disturbed(PlanCheck.Row r) {
        return r.after(new Attempts<>(null, Guard.ATTEMPTS, List.of("other processes used 0.42 cores",
                "other processes used 0.42 cores", "other processes used 0.42 cores")));
    }
}
