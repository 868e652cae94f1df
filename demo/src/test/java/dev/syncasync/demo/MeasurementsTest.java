package dev.syncasync.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.report.DemoReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulation's lab.json and requests.csv become rows, each statistic held to the simulation's band. */
class MeasurementsTest {

    private static final String LAB_JSON = """
            {"simulation": "HundredRequests", "topology": "async", "loadModel": "closed", "expectations": [
              {"name": "100 at once, io=400", "tag": "100-at-once-io-400", "group": false, "model": "waves: m",
               "p50": 410.0, "p95": 420.0, "max": 430.0, "throughput": "NaN", "checked": ["p50", "p95", "max"],
               "band": {"relative": 0.15, "slackMs": 4.0, "slackBelowMs": 100.0},
               "cause": "the burst's serial cost differed"}]}""";

    private static Path run(Path dir, int slowest) throws Exception {
        Files.writeString(dir.resolve("lab.json"), LAB_JSON);
        List<String> csv = new ArrayList<>();
        csv.add("name,endMs,responseMs,ok,worker,requestId,queueMs");
        for (int i = 0; i < 100; i++) {
            int rt = i == 99 ? slowest : 405 + i / 10;
            csv.add("100 at once; io=400," + (10_000 + rt) + "," + rt + ",true,async-1," + i + ",0.0");
        }
        Files.write(dir.resolve("requests.csv"), csv);
        return dir;
    }

    @Test
    void a_row_inside_every_band_agrees(@TempDir Path dir) throws Exception {
        Measurements.Run run = Measurements.read(run(dir, 431), dir);
        Measurements.Measured m = run.rows().get(0);
        assertThat(m.row().verdict()).isEqualTo(DemoReport.AGREES);
        assertThat(m.row().note()).isEmpty();
        assertThat(m.fromMs()).as("every request was sent at 10 s").isEqualTo(10_000);
        assertThat(m.smallestMs()).isEqualTo(410);
    }

    @Test
    void a_row_outside_a_band_disagrees_and_names_the_statistic_and_the_likely_cause(@TempDir Path dir) throws Exception {
        Measurements.Run run = Measurements.read(run(dir, 500), dir);
        DemoReport.Row row = run.reportRows().get(0);
        assertThat(row.verdict()).isEqualTo(DemoReport.DISAGREES);
        assertThat(row.note()).startsWith("max above by +16.3% (band +-15%").endsWith("likely cause: the burst's serial cost differed");
    }
}
