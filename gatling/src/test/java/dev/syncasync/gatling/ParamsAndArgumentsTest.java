package dev.syncasync.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import dev.syncasync.measurements.RequestSamples;
import dev.syncasync.theory.Band;
import dev.syncasync.theory.Prediction;
import org.junit.jupiter.api.Test;

/** Parameters from system properties and RunSimulation's command line. */
class ParamsAndArgumentsTest {

    @AfterEach
    void clear() {
        System.clearProperty("io");
        System.clearProperty("n");
        System.clearProperty(Calibrate.BURST_SIZE);
    }

    @Test
    void a_missing_parameter_takes_its_default() {
        assertThat(Params.integer("io", 400, 1, 60_000)).isEqualTo(400);
        assertThat(Params.integers("n", List.of(1, 10), 1, 100)).containsExactly(1, 10);
    }

    @Test
    void a_bad_parameter_is_refused_with_its_name_and_range() {
        System.setProperty("io", "fast");
        assertThatThrownBy(() -> Params.integer("io", 400, 1, 60_000))
                .hasMessage("-Dio must be an integer in 1..60000, got 'fast'");
        System.setProperty("n", "1,x");
        assertThatThrownBy(() -> Params.integers("n", List.of(1), 1, 100)).hasMessageContaining("-Dn must be");
    }

    @Test
    void a_list_parameter_is_split_on_commas() {
        System.setProperty("n", "1, 10,100");
        assertThat(Params.integers("n", List.of(), 1, 1000)).containsExactly(1, 10, 100);
    }

    @Test
    void each_simulation_on_the_command_line_takes_the_pairs_that_follow_it() {
        List<RunSimulation.Run> runs = RunSimulation.parse(List.of("HundredRequests", "io=200",
                "dev.syncasync.gatling.CpuBound", "cpu=5", "users=10"));
        assertThat(runs).extracting(RunSimulation.Run::simulation).containsExactly("HundredRequests", "CpuBound");
        assertThat(runs.get(0).properties()).containsEntry("io", "200").hasSize(1);
        assertThat(runs.get(1).properties()).containsEntry("cpu", "5").containsEntry("users", "10");
    }

    @Test
    void the_calibration_bursts_are_as_large_as_the_ladders_largest_rung_and_otherwise_a_hundred() {
        RunSimulation.calibrationBurstFor(RunSimulation.parse(List.of("HundredRequests")));
        assertThat(System.getProperty(Calibrate.BURST_SIZE)).as("no ladder: the default").isNull();

        RunSimulation.calibrationBurstFor(RunSimulation.parse(List.of("HundredRequests", "ConcurrencyLadder")));
        assertThat(System.getProperty(Calibrate.BURST_SIZE)).as("the ladder's default rungs").isEqualTo("10000");

        System.clearProperty(Calibrate.BURST_SIZE);
        System.setProperty("n", "500,4000");
        RunSimulation.calibrationBurstFor(RunSimulation.parse(List.of("ConcurrencyLadder")));
        assertThat(System.getProperty(Calibrate.BURST_SIZE)).as("-Dn").isEqualTo("4000");

        System.clearProperty(Calibrate.BURST_SIZE);
        RunSimulation.calibrationBurstFor(RunSimulation.parse(List.of("ConcurrencyLadder", "n=2000")));
        assertThat(System.getProperty(Calibrate.BURST_SIZE)).as("the run's own n= over -Dn").isEqualTo("2000");

        System.setProperty(Calibrate.BURST_SIZE, "300");
        RunSimulation.calibrationBurstFor(RunSimulation.parse(List.of("ConcurrencyLadder")));
        assertThat(System.getProperty(Calibrate.BURST_SIZE)).as("the user's choice stands").isEqualTo("300");
    }

    @Test
    void an_unknown_simulation_or_a_stray_pair_is_a_usage_error() {
        assertThatThrownBy(() -> RunSimulation.parse(List.of("Nope")))
                .hasMessageContaining("unknown simulation 'Nope'").hasMessageContaining("HundredRequests");
        assertThatThrownBy(() -> RunSimulation.parse(List.of("io=1", "HundredRequests")))
                .hasMessageContaining("before any simulation name");
        assertThat(RunSimulation.run(new String[] {"Nope"})).isEqualTo(2);
    }

    @Test
    void help_and_version_exit_0_and_a_missing_simulation_or_unknown_option_exits_2() {
        assertThat(RunSimulation.run("--help")).isZero();
        assertThat(RunSimulation.run("--version")).isZero();
        assertThat(RunSimulation.run()).as("no simulation named").isEqualTo(2);
        assertThat(RunSimulation.run("--results=/tmp", "--fast", "HundredRequests")).isEqualTo(2);
    }

    @Test
    void request_names_become_url_safe_tags() {
        assertThat(LabSimulation.tag("100 at once, io=400")).isEqualTo("100-at-once-io-400");
        assertThat(LabSimulation.tag("10 one after another (each)")).isEqualTo("10-one-after-another-each");
    }

    @Test
    void every_statistic_a_prediction_gives_is_checked_and_none_other() {
        Prediction p = new Prediction("m", 100, 200, Double.NaN, 30);
        Expectation e = new Expectation("10/s, io=100", "10-s-io-100", p, Band.standard(2), false, "a cause");
        assertThat(e.checked()).containsExactly("p50", "p95", "throughput");
        // No failed request, p50 and p95 in Gatling's assertions; the throughput is the lab's own check.
        assertThat(e.assertions()).hasSize(3);
        assertThat(e.disagreements(new RequestSamples.Stats(100, 240, 999, 30))).singleElement().asString()
                .startsWith("p95 theory 200.0 measured 240.0 (+20.0%)");
        assertThat(e.disagreements(new RequestSamples.Stats(100, 200, 999, 20))).singleElement().asString()
                .startsWith("throughput");
    }
}
