package dev.syncasync.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.AsyncPoolConfig;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.SyncPoolConfig;
import dev.syncasync.lab.Lab;
import dev.syncasync.report.DemoReport.Bar;
import dev.syncasync.report.DemoReport.Row;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's pipeline on a real lab: a Gatling JVM runs a simulation against it, the
 * predictions and the per-request records land beside the Gatling report, and the
 * balancer's timeline shows the waves. An integration test (failsafe, after package): the
 * simulations come from the gatling runner archive that this module's package phase unpacks.
 */
class GatlingPipelineIT {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @Test
    void five_clients_on_four_workers_agree_with_the_theory_and_draw_two_waves(@TempDir Path dir) throws Exception {
        LabConfig d = LabConfig.defaults();
        LabConfig config = Demo.demoConfig(d.withSync(SyncPoolConfig.defaults().withSize(4, 1))
                .withAsync(AsyncPoolConfig.defaults().withSize(1, 1)));
        Lab lab = Lab.start(config);
        try {
            TimelineFetch timeline = new TimelineFetch(lab.adminUrl());
            long before = timeline.last();
            List<String> progress = new ArrayList<>();
            // 300 ms waves: long against the round trip of a busy 2-core machine, short for a test.
            Scenario five = new Scenario("FiveClientsFourWorkers", Map.of("users", "5", "io", "300", "warmup", "40"),
                    List.of("sync"), true);
            GatlingProcess.Result result;
            try (GatlingProcess gatling = GatlingProcess.start(HOME, lab.url(), lab.adminUrl(), Map.of(),
                    dir.resolve("gatling"), dir.resolve("gatling.log"), progress::add)) {
                assertThat(gatling.calibration()).as("Gatling's calibration; console in %s", dir.resolve("gatling.log"))
                        .isNotNull();
                assertThat(gatling.calibration().holdMs()).as("the slot's hold, from the balancer's timeline")
                        .isPositive().isLessThanOrEqualTo(gatling.calibration().roundTripMs());
                result = gatling.run(five);
            }
            // The console is in a temporary directory that is gone by the time anyone reads a CI log:
            // its end goes into the failure message.
            assertThat(result.status()).as(() -> "Gatling's assertions; the end of its console:\n"
                    + tail(dir.resolve("gatling.log"), 60)).isZero();
            assertThat(progress).anyMatch(line -> line.contains("FiveClientsFourWorkers agrees with the theory"));
            assertThat(result.report().resolve("index.html")).exists();

            Measurements.Run run = Measurements.read(result.report(), dir);
            assertThat(run.topology()).isEqualTo("sync");
            Row row = run.reportRows().get(0);
            assertThat(row.request()).isEqualTo("5 at once, io=300");
            assertThat(row.count()).isEqualTo(5);
            assertThat(row.failed()).isZero();
            assertThat(row.agrees()).as("measured %s against %s", row.measured(), row.predicted()).isTrue();
            // The fifth client waits a whole wave: two waves, not one and not three.
            assertThat(row.measured().max()).isBetween(2 * 300.0, 3 * 300.0);
            assertThat(row.measured().p50()).isBetween(300.0, 2 * 300.0);
            assertThat(row.gatlingReport()).endsWith("index.html").doesNotStartWith("/");

            JsonObject since = timeline.since(before);
            List<Bar> bars = TimelineFetch.timeline(since, row.request(), "sync", Measurements.tag(row.request())).bars();
            assertThat(bars).hasSize(5);
            // Four were dispatched at once; the fifth waited in the queue for a whole wave.
            List<Bar> byDispatch = bars.stream().sorted((a, b) -> Double.compare(a.dispatchMs(), b.dispatchMs())).toList();
            assertThat(byDispatch.get(3).dispatchMs()).isLessThan(100);
            assertThat(byDispatch.get(4).dispatchMs()).isGreaterThanOrEqualTo(300);
            assertThat(bars).extracting(Bar::worker).doesNotContainNull();
        } finally {
            lab.shutdown(Duration.ofSeconds(5));
        }
    }

    /** The last {@code lines} lines of {@code file}, or why they cannot be read. */
    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
