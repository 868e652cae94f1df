package dev.syncasync.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results table: one {@code <tr class="row">} per measured request per topology, the
 * prediction beside the measurement, grouped by simulation with the sync and async rows of a
 * request next to each other. The statistics a simulation asserts are bold.
 */
final class ReportTable {

    private ReportTable() {
    }

    /** The {@code <table id="results">} for {@code rows}. */
    static String render(List<DemoReport.Row> rows) {
        StringBuilder html = new StringBuilder(512 * rows.size() + 1024);
        html.append("<table id=\"results\">\n<thead>\n");
        html.append("<tr><th rowspan=\"2\">simulation</th><th rowspan=\"2\">request</th>"
                + "<th rowspan=\"2\">topology</th><th rowspan=\"2\">load</th>"
                + "<th colspan=\"3\">predicted (ms)</th><th colspan=\"3\">measured (ms) and error</th>"
                + "<th colspan=\"2\">throughput (req/s)</th><th rowspan=\"2\">count / failed</th>"
                + "<th rowspan=\"2\">verdict</th><th rowspan=\"2\">Gatling</th></tr>\n");
        html.append("<tr><th>p50</th><th>p95</th><th>max</th><th>p50</th><th>p95</th><th>max</th>"
                + "<th>predicted</th><th>measured</th></tr>\n</thead>\n");
        for (List<DemoReport.Row> simulation : bySimulation(rows)) {
            html.append("<tbody class=\"simulation\">\n");
            for (int i = 0; i < simulation.size(); i++) {
                row(html, simulation.get(i), i == 0);
            }
            html.append("</tbody>\n");
        }
        return html.append("</table>\n").toString();
    }

    /**
     * The rows grouped by simulation, then by request, each in order of first appearance: a
     * run order that already alternates sync and async stays as it is, and one that ran all of
     * sync first still shows the two rows of a request together.
     */
    static List<List<DemoReport.Row>> bySimulation(List<DemoReport.Row> rows) {
        Map<String, Map<String, List<DemoReport.Row>>> groups = new LinkedHashMap<>();
        for (DemoReport.Row row : rows) {
            groups.computeIfAbsent(row.simulation(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(row.request(), k -> new ArrayList<>()).add(row);
        }
        List<List<DemoReport.Row>> result = new ArrayList<>();
        for (Map<String, List<DemoReport.Row>> requests : groups.values()) {
            List<DemoReport.Row> simulation = new ArrayList<>();
            requests.values().forEach(simulation::addAll);
            result.add(simulation);
        }
        return result;
    }

    private static void row(StringBuilder html, DemoReport.Row row, boolean firstOfSimulation) {
        DemoReport.Stats p = row.predicted();
        DemoReport.Stats m = row.measured();
        html.append("<tr class=\"row\" data-topology=\"").append(Html.escape(row.topology())).append("\">");
        // The simulation's name once per group; later rows repeat it faintly, for a reader who scrolls.
        cell(html, firstOfSimulation ? "simulation" : "simulation repeat", Html.escape(row.simulation()));
        cell(html, "request", Html.escape(row.request()) + "<div class=\"model\">"
                + Html.escape(row.model()) + "</div>");
        cell(html, "topology " + cssWord(row.topology()), Html.escape(row.topology()));
        cell(html, "load", Html.escape(row.loadModel()));
        cell(html, numeric(row, "p50"), ReportFormat.number(p.p50()));
        cell(html, numeric(row, "p95"), ReportFormat.number(p.p95()));
        cell(html, numeric(row, "max"), ReportFormat.number(p.max()));
        cell(html, numeric(row, "p50"), ReportFormat.withError(p.p50(), m.p50()));
        cell(html, numeric(row, "p95"), ReportFormat.withError(p.p95(), m.p95()));
        cell(html, numeric(row, "max"), ReportFormat.withError(p.max(), m.max()));
        cell(html, numeric(row, "throughput"), ReportFormat.number(p.throughput()));
        cell(html, numeric(row, "throughput"), ReportFormat.withError(p.throughput(), m.throughput()));
        cell(html, row.failed() > 0 ? "num bad" : "num", row.count() + " / " + row.failed());
        String verdict = row.verdict() == null ? DemoReport.DISAGREES : row.verdict();
        cell(html, "verdict " + cssWord(verdict), Html.escape(verdict) + (row.attempts() > 1
                ? " <span class=\"attempts\">(" + row.attempts() + " attempts)</span>" : "")
                + (row.note() == null || row.note().isBlank() ? "" : "<div class=\"note\">" + Html.escape(row.note())
                + "</div>"));
        cell(html, "link", row.gatlingReport() == null ? ReportFormat.UNKNOWN
                : "<a href=\"" + Html.escape(row.gatlingReport()) + "\">report</a>");
        html.append("</tr>\n");
    }

    private static String numeric(DemoReport.Row row, String statistic) {
        boolean checked = row.checked() != null
                && row.checked().stream().anyMatch(s -> s != null && s.equalsIgnoreCase(statistic));
        return checked ? "num checked" : "num";
    }

    private static void cell(StringBuilder html, String cssClass, String content) {
        html.append("<td class=\"").append(cssClass).append("\">").append(content).append("</td>");
    }

    /** A value usable as a CSS class: letters, digits and dashes only. */
    private static String cssWord(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "");
    }
}
