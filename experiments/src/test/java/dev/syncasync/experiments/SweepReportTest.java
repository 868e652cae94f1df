package dev.syncasync.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.measurements.RequestSamples.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepReportTest {

    @Test
    void csv_has_one_row_per_point_with_every_column_filled(@TempDir Path dir) throws IOException {
        SweepCsv.write(results(), dir);

        List<String> lines = Files.readAllLines(dir.resolve("sweep.csv"));
        int columns = SweepCsv.HEADER.split(",").length;
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).split(",", -1)).hasSize(columns).doesNotContain("");
        assertThat(lines.get(1)).startsWith("1,sync,1,1,HundredRequests,0,4,0,");
        assertThat(Files.readAllLines(dir.resolve("containers.csv"))).hasSize(1 + 2 + 3);
    }

    @Test
    void both_csvs_say_on_which_machine_each_part_ran(@TempDir Path dir) throws IOException {
        SweepCsv.write(results(), dir);

        assertThat(SweepCsv.HEADER).endsWith(",balancer_node,worker_nodes,generator_node,attempts,disturbed");
        assertThat(Files.readAllLines(dir.resolve("sweep.csv")).get(2)).endsWith(",node-1,node-3:1 node-4:1,node-2,1,no");
        assertThat(Files.readAllLines(dir.resolve("containers.csv")).subList(3, 6))
                .extracting(line -> line.substring(line.lastIndexOf(',') + 1))
                .containsExactly("node-1", "node-3", "node-4");
        assertThat(results().get(1).placement().apart()).isTrue();
        assertThat(new Placement("n1", List.of("n1"), "n1").apart()).isFalse();
    }

    @Test
    void memory_per_request_in_flight_is_the_pools_peak_over_the_most_requests_at_once() {
        PointResult async = results().get(1);

        // Two workers peaking at 100 MiB each; 4 requests were in flight at once.
        assertThat(async.maxInFlight()).isEqualTo(4);
        assertThat(async.memoryPerInFlightMib()).isEqualTo(50.0);
    }

    @Test
    void the_page_draws_throughput_latency_and_memory_against_workers(@TempDir Path dir) throws IOException {
        SweepConfig config = new SweepConfig("config/sweeps/x.yml", "HundredRequests", List.of("io=100"), 60, 384,
                List.of(new LabSpec("sync", 1, 1, 384), new LabSpec("async", 2, 1, 384)));

        String html = Files.readString(SweepReport.write(config, results(), dir, "./lab sweep x.yml"));

        assertThat(html).contains("Throughput (req/s) against workers", "p50 (solid) and p99 (dashed)",
                "Memory per container", "per request in flight", "./lab sweep x.yml");
        assertThat(html.split("<svg ", -1)).hasSize(5);
        assertThat(html).contains("class=\"line sync\"", "class=\"line async\"", "class=\"line sync dashed\"");
    }

    @Test
    void a_plan_grid_page_plots_predicted_against_measured_with_the_band_and_gives_each_points_verdict(@TempDir Path dir)
            throws IOException {
        // Two runs predicted at 200 ms: one measured 210 (inside [170, 230]), one 240 (outside).
        dev.syncasync.theory.plan.Forecast run = dev.syncasync.theory.plan.Forecast.ofSchedule(new double[] {0}, 30, 5,
                103, 200, dev.syncasync.theory.plan.Objective.parse("p99=250ms"));
        List<PlanRow> rows = List.of(
                PlanRow.of(1, PlanRowTest.point(true, "sync", 5), 4, 3, run, PlanRowTest.samples(100, 210)),
                PlanRow.of(2, PlanRowTest.point(false, "sync", 4), 4, 3, run, PlanRowTest.samples(100, 240)));
        SweepConfig config = new SweepConfig("config/sweeps/plan-grid.yml", "OpenModelRamp", List.of(), 60, 384,
                rows.stream().map(r -> r.plan().spec()).toList(), rows.stream().map(PlanRow::plan).toList());

        PlanGridReport.writeCsv(rows, dir);
        String html = Files.readString(SweepReport.write(config, results(), rows, dir, "./lab sweep plan-grid.yml"));

        assertThat(html).contains("predicted against measured p99", "1 of 2 points measured a p99 inside the band",
                "1 of 1 answers met their objective", "0 of 1 next smaller configurations missed it",
                "[170, 230]", "inside", "OUTSIDE", "meets (planned to miss)");
        assertThat(html).doesNotContain("Throughput (req/s) against workers");
        String svg = Files.readString(dir.resolve("plan-grid.svg"));
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains("<polygon", "+-15% band",
                "measured = predicted", "point 2: 30/s io=100 p99 &lt;= 250 ms, next smaller sync 4 x 1");
        assertThat(svg.split("<circle", -1)).as("two runs and two keys").hasSize(5);
        assertThat(Files.readAllLines(dir.resolve("plan-grid.csv"))).hasSize(3)
                .last().asString().startsWith("2,30,100,p99<=250ms,next-smaller,sync,4,1,").endsWith(",outside,meets,1,no");
    }

    @Test
    void a_point_disturbed_in_every_attempt_counts_neither_inside_nor_outside_and_says_so_everywhere(@TempDir Path dir)
            throws IOException {
        // Predicted 200 ms: point 1 measured 210 (inside), point 2 240 (outside [170, 230]) but disturbed in all three
        // attempts, so no verdict on it.
        dev.syncasync.theory.plan.Forecast run = dev.syncasync.theory.plan.Forecast.ofSchedule(new double[] {0}, 30, 5,
                103, 200, dev.syncasync.theory.plan.Objective.parse("p99=250ms"));
        String why = "other processes used 0.42 cores, a 35 ms stall in Gatling's JVM";
        List<PlanRow> rows = List.of(
                PlanRow.of(1, PlanRowTest.point(true, "sync", 5), 4, 3, run, PlanRowTest.samples(100, 210)),
                PlanRow.of(2, PlanRowTest.point(false, "sync", 4), 4, 3, run, PlanRowTest.samples(100, 240))
                        .guarded(3, why + "; " + why + "; " + why));
        SweepConfig config = new SweepConfig("config/sweeps/plan-grid.yml", "OpenModelRamp", List.of(), 60, 384,
                rows.stream().map(r -> r.plan().spec()).toList(), rows.stream().map(PlanRow::plan).toList());
        List<PointResult> points = List.of(results().get(0), results().get(1).guarded(3, why));

        PlanGridReport.writeCsv(rows, dir);
        SweepCsv.write(points, dir);
        String html = Files.readString(SweepReport.write(config, points, rows, dir, "./lab sweep plan-grid.yml"));

        assertThat(rows.get(1).inside()).isFalse();
        assertThat(rows.get(1).outside()).isFalse();
        assertThat(rows.get(1).verdict()).isEqualTo("disturbed");
        assertThat(PlanGridReport.summary(rows)).startsWith("1 of 2 points measured a p99 inside the band")
                .contains(", 0 outside it and 1 disturbed in every attempt (no verdict, counted neither inside nor outside)")
                .contains("1 of 1 answers met their objective, 0 of 0 next smaller configurations missed it");
        assertThat(PlanGridReport.table(rows)).containsPattern("(?m)^  2 .* disturbed ");
        assertThat(html).contains("disturbed", "other processes used 0.42 cores; a 35 ms stall");
        assertThat(Files.readAllLines(dir.resolve("plan-grid.csv"))).last().asString()
                .contains(",disturbed,meets,3,other processes used 0.42 cores; a 35 ms stall in Gatling's JVM;");
        assertThat(Files.readAllLines(dir.resolve("sweep.csv")).get(0)).endsWith(",attempts,disturbed");
        assertThat(Files.readAllLines(dir.resolve("sweep.csv")).get(2))
                .endsWith(",3,other processes used 0.42 cores; a 35 ms stall in Gatling's JVM");
        assertThat(Sweep.exitCode(rows, List.of(), points)).as("disturbed, nothing outside").isEqualTo(Sweep.DISTURBED).isEqualTo(3);
    }

    @Test
    void a_plan_grid_with_a_point_outside_its_band_exits_1_even_when_another_point_was_disturbed() {
        dev.syncasync.theory.plan.Forecast run = dev.syncasync.theory.plan.Forecast.ofSchedule(new double[] {0}, 30, 5,
                103, 200, dev.syncasync.theory.plan.Objective.parse("p99=250ms"));
        PlanRow inside = PlanRow.of(1, PlanRowTest.point(true, "sync", 5), 4, 3, run, PlanRowTest.samples(100, 210));
        PlanRow outside = PlanRow.of(2, PlanRowTest.point(false, "sync", 4), 4, 3, run, PlanRowTest.samples(100, 240));
        List<PointResult> points = List.of(results().get(0).guarded(3, "other processes used 0.42 cores"),
                results().get(1));

        assertThat(Sweep.exitCode(List.of(inside, outside), List.of(), points)).isEqualTo(1);
        assertThat(Sweep.exitCode(List.of(inside), List.of(), List.of(results().get(0), results().get(1).guarded(2, ""))))
                .as("re-run once, then undisturbed and inside").isZero();
    }

    @Test
    void a_pool_size_sweep_page_draws_makespan_against_p_for_each_topology_and_gives_each_points_verdict(
            @TempDir Path dir) throws IOException {
        // 20 at once on P=2 and P=4: 10 and 5 waves of ~101 ms; the second measured 20% slow.
        LabSpec two = new LabSpec("virtual", 1, 0, 384, 2);
        LabSpec four = new LabSpec("virtual", 1, 0, 384, 4);
        dev.syncasync.theory.Band band = dev.syncasync.theory.Band.standard(1);
        List<DbPoolRow> rows = List.of(
                DbPoolRow.of(1, two, 20, 2, 555, 1010, band, "10 waves", burst(20, 1020)),
                DbPoolRow.of(2, four, 20, 4, 303, 505, band, "5 waves", burst(20, 606)));
        SweepConfig config = new SweepConfig("db.yml", "DatabaseBottleneck", List.of("users=20", "db=100"), 60, 384,
                List.of(two, four));
        List<PointResult> results = List.of(
                PointResult.of(1, two, "DatabaseBottleneck", 0, burst(20, 1020), List.of(stats("balancer"), stats("w"))),
                PointResult.of(2, four, "DatabaseBottleneck", 1, burst(20, 606), List.of(stats("balancer"), stats("w"))));

        DbPoolReport.writeCsv(rows, dir);
        String html = Files.readString(SweepReport.write(config, results, List.of(), rows, dir, "./lab sweep db.yml"));

        assertThat(config.isDbPoolSweep()).isTrue();
        assertThat(rows.get(0).waves()).isEqualTo(10);
        assertThat(rows.get(0).inside()).isTrue();
        assertThat(rows.get(1).inside()).as("606 ms against 505 +-15%").isFalse();
        assertThat(html).contains("Makespan against the connection pool", "connections in use (P)",
                "class=\"line virtual\"", "class=\"line virtual dashed\"", "1 of 2 points disagree", "agrees",
                "disagrees", "+20.0%");
        assertThat(html).as("pool sizes on one worker count: no charts against workers")
                .doesNotContain("Throughput (req/s) against workers");
        assertThat(Files.readAllLines(dir.resolve("db-pool.csv"))).hasSize(3).last().asString()
                .startsWith("2,virtual,1,0,4,4,20,5,").endsWith(",0,false");
        assertThat(DbPoolReport.line(rows.get(1))).contains("P=4, 5 waves", "DISAGREES");
    }

    @Test
    void a_pool_size_point_outside_its_band_exits_1_unless_every_attempt_at_it_was_disturbed() {
        LabSpec four = new LabSpec("async", 1, 0, 384, 4);
        dev.syncasync.theory.Band band = dev.syncasync.theory.Band.standard(1);
        DbPoolRow slow = DbPoolRow.of(1, four, 20, 4, 303, 505, band, "5 waves", burst(20, 606));
        DbPoolRow disturbed = slow.guarded("other processes used 0.42 cores");
        List<PointResult> points = List.of(results().get(0));

        assertThat(Sweep.exitCode(List.of(), List.of(slow), points)).as("606 ms against 505 +-15%").isEqualTo(1);
        assertThat(disturbed.outside()).isFalse();
        assertThat(disturbed.verdict()).isEqualTo("disturbed");
        assertThat(DbPoolReport.line(disturbed)).contains("disturbed").doesNotContain("DISAGREES");
        assertThat(Sweep.exitCode(List.of(), List.of(disturbed), List.of(results().get(0).guarded(3, "other processes"))))
                .as("no verdict on the only point").isEqualTo(Sweep.DISTURBED);
    }

    private static List<Sample> burst(int n, long lastMs) {
        List<Sample> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new Sample("burst", 1000 + lastMs * i / n, (int) (lastMs * i / n), true));
        }
        return out;
    }

    private static StatsSampler.Summary stats(String role) {
        return new StatsSampler.Summary(role, 5, 20, 40, 90, 100);
    }

    private static List<PointResult> results() {
        List<Sample> serial = new ArrayList<>();
        List<Sample> parallel = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            serial.add(new Sample("burst", 1000 + 100L * (i + 1), 100 * (i + 1), true));
            parallel.add(new Sample("burst", 1100, 100, true));
        }
        StatsSampler.Summary balancer = new StatsSampler.Summary("balancer", 5, 30, 60, 150, 160);
        StatsSampler.Summary worker = new StatsSampler.Summary("worker-1", 5, 20, 40, 90, 100);
        return List.of(
                PointResult.of(1, new LabSpec("sync", 1, 1, 384), "HundredRequests", 0, serial, List.of(balancer, worker),
                        new Placement("node-1", List.of("node-3"), "node-2")),
                PointResult.of(2, new LabSpec("async", 2, 1, 384), "HundredRequests", 0, parallel,
                        List.of(balancer, worker, new StatsSampler.Summary("worker-2", 5, 20, 40, 90, 100)),
                        new Placement("node-1", List.of("node-3", "node-4"), "node-2")));
    }
}
