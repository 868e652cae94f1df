package dev.syncasync.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.report.DemoReport;
import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.DemoReport.Stats;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rows.json, the soak's tally over runs, the console table, and the gatling command's usage. */
class SoakAndRowsTest {

    private static Row row(String verdict, double measuredMax, int attempts) {
        return new Row("HundredRequests", "100 at once, io=400", "async", "closed", "waves: ...",
                new Stats(410, 420, 430, Double.NaN), new Stats(412, 425, measuredMax, 240), 100, 0,
                List.of("p50", "p95", "max"), verdict, verdict.equals(DemoReport.AGREES) ? "" : "why", attempts, null);
    }

    @Test
    void rows_json_keeps_every_row_with_its_verdict_and_leaves_unknown_values_out(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rows.json");
        RowsFile.write(file, List.of(row(DemoReport.AGREES, 440, 1)), 123.4, "2 cores", List.of("sync CpuBound, attempt 1: x"));
        RowsFile.Contents read = RowsFile.read(file);
        assertThat(read.elapsedSec()).isEqualTo(123.4);
        assertThat(read.reruns()).containsExactly("sync CpuBound, attempt 1: x");
        Row r = read.rows().get(0);
        assertThat(r.predicted().throughput()).isNaN();
        assertThat(r.measured().max()).isEqualTo(440);
        assertThat(r.verdict()).isEqualTo(DemoReport.AGREES);
        assertThat(r.checked()).containsExactly("p50", "p95", "max");
    }

    @Test
    void the_soak_keeps_the_worst_error_of_each_statistic_and_counts_disagreements_apart_from_disturbances() {
        RowsFile.Contents one = new RowsFile.Contents(120, "m", List.of(), List.of(row(DemoReport.AGREES, 440, 1)));
        RowsFile.Contents two = new RowsFile.Contents(125, "m", List.of("x"), List.of(row(DemoReport.DISAGREES, 500, 1)));
        // A disturbed run's +100% says nothing about the model: counted, not kept as an error.
        RowsFile.Contents three = new RowsFile.Contents(300, "m", List.of("y"), List.of(row(DemoReport.DISTURBED, 860, 3)));
        List<DemoSoak.Tally> tallies = DemoSoak.tally(List.of(one, two, three));
        assertThat(tallies).hasSize(1);
        DemoSoak.Tally t = tallies.get(0);
        assertThat(t.runs).isEqualTo(3);
        assertThat(t.disagreed).isEqualTo(1);
        assertThat(t.disturbed).isEqualTo(1);
        assertThat(t.rerun).isEqualTo(1);
        assertThat(t.worst.get("max")).isCloseTo(70.0 / 430, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(t.worst).doesNotContainKey("throughput");

        String md = DemoSoak.markdown("./lab demo --runs 3", 3, List.of(0, 1, 3), List.of(120.0, 125.0, 300.0),
                List.of(one, two, three), "1.0 1.0 1.0", "2.0 2.0 2.0");
        assertThat(md).contains("`./lab demo --runs 3`", "| HundredRequests | 100 at once, io=400 | async | +0.5% | +1.2% | +16.3% | - | 3 | 1 | 1 | 1 |")
                .contains("every row agreed in 1, some row disagreed (or did not run) in 1, no disagreement but some row "
                        + "disturbed in 1");
    }

    @Test
    void the_console_table_marks_every_asserted_cell_and_shows_no_theory_where_there_is_none() {
        String table = ConsoleTable.render(List.of(row(DemoReport.AGREES, 440, 1)));
        assertThat(table).contains("|    410    412   +0.5%* |", "|    430    440   +2.3%* |", "|      -    240          |",
                "| agrees");
        assertThat(ConsoleTable.notes(List.of(row(DemoReport.AGREES, 440, 1), row(DemoReport.DISTURBED, 440, 3))))
                .containsExactly("HundredRequests / 100 at once, io=400 / async: disturbed after 3 attempts - why");
    }

    @Test
    void the_gatling_command_needs_a_simulation_and_takes_its_parameters_as_d_options() {
        picocli.CommandLine cli = dev.syncasync.commandline.Cli.commandLine(new GatlingCommand());
        assertThat(cli.execute("--url", "http://127.0.0.1:1")).as("no simulation named").isEqualTo(2);
        assertThat(cli.execute("HundredRequests", "--bogus")).isEqualTo(2);
        GatlingCommand parsed = new GatlingCommand();
        dev.syncasync.commandline.Cli.commandLine(parsed).parseArgs("OpenModelRamp", "-Drates=10,20", "-Dseed=42",
                "--admin-url", "http://127.0.0.1:9");
        assertThat(parsed.simulation).isEqualTo("OpenModelRamp");
        assertThat(parsed.properties).containsEntry("rates", "10,20").containsEntry("seed", "42");
        assertThat(parsed.adminUrl).isEqualTo("http://127.0.0.1:9");
        assertThat(parsed.url).isEqualTo("http://127.0.0.1:8080");
    }
}
