package dev.syncasync.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.report.DemoReport.Bar;
import dev.syncasync.report.DemoReport.Distribution;
import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.DemoReport.Stats;
import dev.syncasync.report.DemoReport.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reader finds in the demo's {@code index.html}, from a report shaped like the theory. */
class ReportWriterTest {

    static final String BURST = "100 at once, io=400";
    static final String RAMP = "ramp 5 to 40 req/s, io=400";

    @TempDir
    Path dir;

    @Test
    void the_table_has_one_row_per_measured_request() throws IOException {
        String html = write(theoryShaped());

        assertThat(html).contains("<table id=\"results\">");
        assertThat(count(html, "<tr class=\"row\"")).isEqualTo(4);
        assertThat(html).contains(">agrees<", ">DISAGREES<");
    }

    @Test
    void measured_values_carry_their_error_against_the_prediction() throws IOException {
        String html = write(theoryShaped());

        assertThat(html).contains(">5090 (+1.8%)<", ">412 (+3.0%)<");
    }

    @Test
    void the_statistics_a_simulation_asserts_are_bold_in_prediction_and_measurement() throws IOException {
        String html = write(theoryShaped());

        // p50 and max on both HundredRequests rows, p50 on both ramp rows: 6 statistics, 2 cells each.
        assertThat(count(html, "class=\"num checked\"")).isEqualTo(12);
        assertThat(html).contains("td.checked { font-weight: 700; }");
    }

    @Test
    void an_unknown_value_shows_as_a_dash_never_as_NaN() throws IOException {
        String html = write(theoryShaped());

        assertThat(html).contains("<td class=\"num\">–</td>").doesNotContain("NaN");
    }

    @Test
    void the_sync_and_async_rows_of_a_request_sit_together_even_when_all_sync_ran_first() throws IOException {
        Stats stats = new Stats(400, 400, 400, 10);
        List<Row> rows = List.of(row("S", "a", "sync", stats, stats), row("S", "b", "sync", stats, stats),
                row("S", "a", "async", stats, stats), row("S", "b", "async", stats, stats));

        String html = write(new DemoReport("t", "m", "c", 1, rows, List.of(), List.of(), List.of()));

        Matcher m = Pattern.compile("<td class=\"request\">(\\w+)<div.*?<td class=\"topology \\w+\">(\\w+)<")
                .matcher(html);
        List<String> order = new ArrayList<>();
        while (m.find()) {
            order.add(m.group(1) + "/" + m.group(2));
        }
        assertThat(order).containsExactly("a/sync", "a/async", "b/sync", "b/async");
    }

    @Test
    void each_timeline_is_one_gantt_chart_with_one_service_bar_per_request() throws IOException {
        List<String> gantts = gantts(write(theoryShaped()));

        assertThat(gantts).hasSize(2);
        assertThat(gantts.get(0)).startsWith("<svg class=\"gantt\" data-topology=\"sync\" data-title=\"" + BURST);
        assertThat(gantts.get(1)).startsWith("<svg class=\"gantt\" data-topology=\"async\"");
        assertThat(gantts).allSatisfy(svg -> assertThat(count(svg, "class=\"bar service\"")).isEqualTo(100));
    }

    @Test
    void sync_is_served_in_25_waves_and_async_in_one() throws IOException {
        String html = write(theoryShaped());
        List<String> gantts = gantts(html);

        assertThat(serviceStarts(gantts.get(0)).stream().distinct()).hasSize(25);
        List<Double> asyncStarts = serviceStarts(gantts.get(1));
        assertThat(asyncStarts.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                - asyncStarts.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isLessThan(2.0);
        assertThat(html).contains("sync: 25 waves of 400 ms - 100 requests on 4 slots, last answer at 10.0 s",
                "async: 1 wave of 400 ms - 100 requests on 100 slots, last answer at 402 ms");
    }

    @Test
    void the_two_timelines_of_a_burst_share_their_time_scale() throws IOException {
        List<String> gantts = gantts(write(theoryShaped()));

        // The async burst ends after 0.4 s but is drawn on the sync burst's 10 s axis.
        assertThat(ticks(gantts.get(1))).isEqualTo(ticks(gantts.get(0))).endsWith("10 s");
    }

    @Test
    void an_answer_that_is_not_200_is_drawn_red_and_counted_in_the_caption() throws IOException {
        List<Bar> bars = List.of(new Bar("sync-1", 0, 0, 0, 400, 200), new Bar("sync-1", 0, 0, 400, 401, 503));
        Timeline timeline = new Timeline("two", "sync", bars);

        String html = write(new DemoReport("t", "m", "c", 1, List.of(), List.of(timeline), List.of(), List.of()));

        assertThat(count(html, "class=\"bar service failed\"")).isEqualTo(1);
        assertThat(html).contains("1 not 200 (red)");
    }

    /**
     * 100 database requests at once on an async pool of 8 connections: all dispatched at once, they
     * wait in the workers' pools instead (the k-th wave about k x 200 ms), then 200 ms each in the
     * database. The waves are counted from when each got its connection: 13, not 1.
     */
    @Test
    void database_requests_show_their_wait_for_a_connection_and_come_in_waves_of_the_pool() throws IOException {
        List<Bar> bars = IntStream.range(0, 100)
                .mapToObj(i -> new Bar("async-" + (i % 2 + 1), i / 2, 0.01 * i, 0.01 * i + 0.1,
                        0.01 * i + 0.1 + (i / 8) * 200.0 + 200, 200, (i / 8) * 200.0))
                .toList();
        Timeline timeline = new Timeline("100 at once, db=200", "async", bars);

        String html = write(new DemoReport("t", "m", "c", 1, List.of(), List.of(timeline), List.of(), List.of()));

        // The first wave waited for nothing: 92 requests show a pool wait.
        assertThat(count(html, "class=\"bar pool\"")).isEqualTo(92);
        assertThat(html).contains("class=\"swatch pool\"", "async: 13 waves of 200 ms - 100 requests",
                "up to 2.4 s waiting for a database connection");
    }

    @Test
    void each_request_measured_on_both_topologies_gets_one_distribution_chart() throws IOException {
        List<Distribution> distributions = new ArrayList<>(theoryShaped().distributions());
        distributions.add(new Distribution("FiveClients", "5 at once, io=1000", "sync", List.of(1000.0, 2000.0)));
        DemoReport report = theoryShaped();

        String html = write(new DemoReport(report.timestamp(), report.machine(), report.command(),
                report.elapsedSec(), report.rows(), report.timelines(), distributions, report.notes()));

        assertThat(count(html, "<svg class=\"distribution\"")).isEqualTo(2);
        assertThat(count(html, "class=\"cdf sync\"")).isEqualTo(2);
        assertThat(count(html, "class=\"cdf async\"")).isEqualTo(2);
        assertThat(html).doesNotContain("data-simulation=\"FiveClients\"");
    }

    @Test
    void the_virtual_pool_gets_the_third_colour_in_the_table_the_timelines_and_one_cdf_with_all_three()
            throws IOException {
        DemoReport report = theoryShaped();
        List<Row> rows = new ArrayList<>(report.rows());
        rows.add(row("HundredRequests", BURST, "virtual", new Stats(400, 400, 400, 250), new Stats(415, 433, 441, 226)));
        List<Distribution> distributions = new ArrayList<>(report.distributions());
        distributions.add(new Distribution("HundredRequests", BURST, "virtual", latencies(100, i -> 401 + i * 0.4)));
        List<Bar> bars = IntStream.range(0, 100)
                .mapToObj(i -> new Bar("virtual-" + (i % 2 + 1), i / 2, i * 0.02, i * 0.02 + 0.1, i * 0.02 + 401, 200))
                .toList();
        List<Timeline> timelines = new ArrayList<>(List.of(new Timeline(BURST, "virtual", bars)));
        timelines.addAll(report.timelines());

        String html = write(new DemoReport(report.timestamp(), report.machine(), report.command(),
                report.elapsedSec(), rows, timelines, distributions, report.notes()));

        assertThat(html).contains("--virtual: #cc79a7", "tr[data-topology=\"virtual\"] td.topology",
                "svg.gantt[data-topology=\"virtual\"] .bar", "class=\"swatch virtual\"");
        assertThat(count(html, "<svg class=\"distribution\"")).isEqualTo(2);
        assertThat(count(html, "class=\"cdf virtual\"")).isEqualTo(1);
        assertThat(html).contains("latency CDF, sync against async against virtual");
        // Within the burst's group the timelines read sync, async, virtual, whatever order they came in.
        int sync = html.indexOf("<svg class=\"gantt\" data-topology=\"sync\"");
        int async = html.indexOf("<svg class=\"gantt\" data-topology=\"async\"");
        int virtual = html.indexOf("<svg class=\"gantt\" data-topology=\"virtual\"");
        assertThat(sync).isPositive().isLessThan(async);
        assertThat(async).isLessThan(virtual);
    }

    @Test
    void the_coordinated_omission_section_says_which_simulations_are_open_and_which_closed() throws IOException {
        String html = write(theoryShaped());

        assertThat(html).contains("<li><strong>closed</strong>: HundredRequests</li>",
                "<li><strong>open</strong>: OpenModelRamp</li>");
    }

    @Test
    void text_from_the_report_is_escaped() throws IOException {
        String evil = "<script>alert('x')</script> & \"more\"";
        Row row = row("Sim", evil, "sync", new Stats(1, 1, 1, 1), new Stats(1, 1, 1, 1));
        Timeline timeline = new Timeline(evil, "sync", List.of(new Bar("<b>w</b>", 0, 0, 0, 1, 200)));

        String html = write(new DemoReport(evil, evil, evil, 1, List.of(row), List.of(timeline), List.of(),
                List.of(evil)));

        assertThat(html).doesNotContain("<script", "<b>w</b>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
    }

    @Test
    void the_page_loads_nothing_and_links_only_to_its_own_sections_and_the_gatling_reports() throws IOException {
        String html = write(theoryShaped());

        assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContain("<script", "<link", "<img", "@import", "url(");
        Matcher links = Pattern.compile("(?:href|src)=\"([^\"]*)\"").matcher(html);
        List<String> targets = new ArrayList<>();
        while (links.find()) {
            targets.add(links.group(1));
        }
        assertThat(targets).isNotEmpty().allSatisfy(target -> assertThat(target)
                .matches("#[a-z-]+|gatling/[a-z-]+/index\\.html"));
        assertThat(targets).contains("gatling/hundredrequests-sync/index.html");
    }

    /** A report shaped like the theory: 100 requests of 400 ms on 4 sync slots and on async, and a ramp. */
    static DemoReport theoryShaped() {
        List<Row> rows = List.of(
                row("HundredRequests", BURST, "sync", new Stats(5000, 9600, 10000, 10),
                        new Stats(5090, 9780, 10180, 9.8)),
                row("HundredRequests", BURST, "async", new Stats(400, 400, 400, 250),
                        new Stats(412, 431, 440, 227)),
                new Row("OpenModelRamp", RAMP, "sync", "open", "M/D/4 past capacity from 10 req/s",
                        new Stats(420, Double.NaN, Double.NaN, 10), new Stats(1800, 5200, 6100, 9.9), 700, 3,
                        List.of("p50"), DemoReport.DISAGREES, "p50 outside its band", 1, "gatling/openmodelramp-sync/index.html"),
                new Row("OpenModelRamp", RAMP, "async", "open", "M/D/inf: no queue below the cores' limit",
                        new Stats(400, Double.NaN, Double.NaN, 22.5), new Stats(405, 431, 480, 22.1), 700, 0,
                        List.of("p50"), DemoReport.DISTURBED, "other processes used 0.80 cores", 3,
                        "gatling/openmodelramp-async/index.html"));
        List<Distribution> distributions = List.of(
                new Distribution("HundredRequests", BURST, "sync", latencies(100, i -> 400.0 * (i / 4 + 1) + i % 4)),
                new Distribution("HundredRequests", BURST, "async", latencies(100, i -> 400 + i * 0.4)),
                new Distribution("OpenModelRamp", RAMP, "sync", latencies(700, i -> 400 + i * i / 80.0)),
                new Distribution("OpenModelRamp", RAMP, "async", latencies(700, i -> 400 + i / 10.0)));
        return new DemoReport("20250101-120000", "2 cores, OpenJDK 25.0.3", "./lab demo", 312.4, rows,
                List.of(syncBurst(), asyncBurst()), distributions,
                List.of("OpenModelRamp on sync goes past capacity on purpose: its queue grows until the ramp ends.",
                        "FiveClients was skipped: --only HundredRequests,OpenModelRamp."));
    }

    /** 100 arrivals in 2 ms on 4 one-thread workers: wave w starts at w x 400 ms. */
    private static Timeline syncBurst() {
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double dispatch = 400.0 * (i / 4);
            bars.add(new Bar("sync-" + (i % 4 + 1), 0, i * 0.02, Math.max(dispatch, i * 0.02), dispatch + 400, 200));
        }
        return new Timeline(BURST, "sync", bars);
    }

    /** The same 100 arrivals on event loops: every request starts at once. */
    private static Timeline asyncBurst() {
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            bars.add(new Bar("async-" + (i % 2 + 1), i / 2, i * 0.02, i * 0.02 + 0.1, i * 0.02 + 400.1, 200));
        }
        return new Timeline(BURST, "async", bars);
    }

    private static Row row(String simulation, String request, String topology, Stats predicted, Stats measured) {
        return new Row(simulation, request, topology, "closed", "batch on 4 slots", predicted, measured, 100, 0,
                List.of("p50", "max"), DemoReport.AGREES, "", 1,
                "gatling/" + simulation.toLowerCase(Locale.ROOT) + "-" + topology + "/index.html");
    }

    private static List<Double> latencies(int n, IntToDoubleFunction latency) {
        return IntStream.range(0, n).mapToDouble(latency).sorted().boxed().toList();
    }

    private String write(DemoReport report) throws IOException {
        Path file = ReportWriter.write(report, dir.resolve("report"));
        assertThat(file).isEqualTo(dir.resolve("report").resolve("index.html"));
        return Files.readString(file);
    }

    static List<String> gantts(String html) {
        Matcher m = Pattern.compile("(?s)<svg class=\"gantt\".*?</svg>").matcher(html);
        List<String> svgs = new ArrayList<>();
        while (m.find()) {
            svgs.add(m.group());
        }
        return svgs;
    }

    private static List<Double> serviceStarts(String svg) {
        Matcher m = Pattern.compile("class=\"bar service\" x=\"([0-9.]+)\"").matcher(svg);
        List<Double> xs = new ArrayList<>();
        while (m.find()) {
            xs.add(Double.parseDouble(m.group(1)));
        }
        return xs;
    }

    private static List<String> ticks(String svg) {
        Matcher m = Pattern.compile("<text class=\"tick\"[^>]*>([^<]*)<").matcher(svg);
        List<String> ticks = new ArrayList<>();
        while (m.find()) {
            ticks.add(m.group(1));
        }
        return ticks;
    }

    static int count(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            count++;
        }
        return count;
    }
}
