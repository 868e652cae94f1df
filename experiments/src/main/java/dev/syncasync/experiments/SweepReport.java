package dev.syncasync.experiments;

import dev.syncasync.report.Html;
import dev.syncasync.report.SvgLineChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code index.html} of a sweep: one self-contained page (inline CSS and SVG, renders offline)
 * with throughput, p50/p99 and memory against workers for each topology, and the table of
 * {@code sweep.csv}.
 */
final class SweepReport {

    private static final String CSS = """
            :root { --sync: #1f78b4; --async: #f07800; --virtual: #33a02c; --ink: #222; --faint: #777; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
                   max-width: 1240px; margin: 24px auto; padding: 0 16px; }
            h1 { font-size: 24px; margin: 0 0 4px; }
            h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            .meta, .explain { color: var(--faint); }
            .charts { display: flex; flex-wrap: wrap; gap: 8px 24px; }
            figure { width: 540px; margin: 8px 0 14px; }
            figure.scatter { width: 520px; }
            figcaption { color: #333; font-size: 13px; }
            svg { max-width: 100%; height: auto; display: block; }
            svg text { font: 10px ui-monospace, "DejaVu Sans Mono", monospace; fill: #444; }
            svg .grid { stroke: #d6d6d6; stroke-width: 0.6; }
            svg .line { fill: none; stroke-width: 2.5; }
            svg .line.dashed { stroke-dasharray: 6 4; }
            svg .line.sync { stroke: var(--sync); } svg .dot.sync { fill: var(--sync); }
            svg .line.async { stroke: var(--async); } svg .dot.async { fill: var(--async); }
            svg .line.virtual { stroke: var(--virtual); } svg .dot.virtual { fill: var(--virtual); }
            svg .line.balancer { stroke: #555; } svg .dot.balancer { fill: #555; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; font-size: 12.5px; }
            th, td { padding: 3px 6px; border-bottom: 1px solid #eee; text-align: right; }
            th { background: #f3f3f3; }
            """;

    private SweepReport() {
    }

    static Path write(SweepConfig config, List<PointResult> results, Path dir, String command) throws IOException {
        return write(config, results, List.of(), dir, command);
    }

    /**
     * The page; for a plan grid ({@code planRows} not empty) the planner's check - predicted
     * against measured, and the table of verdicts - in place of the charts against workers, which
     * mix rates and io there.
     */
    static Path write(SweepConfig config, List<PointResult> results, List<PlanRow> planRows, Path dir, String command)
            throws IOException {
        return write(config, results, planRows, List.of(), dir, command);
    }

    /** The page; a sweep of DatabaseBottleneck ({@code dbRows} not empty) draws makespan against the pool first. */
    static Path write(SweepConfig config, List<PointResult> results, List<PlanRow> planRows, List<DbPoolRow> dbRows,
                      Path dir, String command) throws IOException {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sweep: ")
                .append(Html.escape(config.simulation())).append("</title><style>").append(CSS).append("</style></head><body>\n")
                .append("<h1>Sweep: ").append(Html.escape(config.simulation())).append(' ')
                .append(Html.escape(String.join(" ", config.parameters()))).append("</h1>\n<p class=\"meta\">")
                .append(Html.escape(command)).append(" &middot; ").append(Html.escape(config.source()))
                .append(" &middot; one lab of containers per point, created and removed through the Docker API; "
                        + "latencies from Gatling's requests.csv, CPU and memory from the engine's stats API.</p>\n");
        if (!planRows.isEmpty()) {
            html.append(PlanGridReport.html(planRows)).append("<h2>Points</h2>\n").append(table(results))
                    .append("<p class=\"explain\">The same numbers: <a href=\"sweep.csv\">sweep.csv</a>, per container "
                            + "<a href=\"containers.csv\">containers.csv</a>; each point's Gatling report is in its p* "
                            + "directory.</p>\n</body></html>\n");
            return save(dir, html);
        }
        if (!dbRows.isEmpty()) {
            html.append(DbPoolReport.html(dbRows));
        }
        if (!dbRows.isEmpty() && config.isDbPoolSweep()) {
            // Several pool sizes on one worker count: charts against workers would fold them onto one x.
            html.append("<h2>Points</h2>\n").append(table(results))
                    .append("<p class=\"explain\">The same numbers: <a href=\"sweep.csv\">sweep.csv</a>, per container "
                            + "<a href=\"containers.csv\">containers.csv</a>; each point's Gatling report is in its p* "
                            + "directory.</p>\n</body></html>\n");
            return save(dir, html);
        }
        html.append("<h2>Throughput and latency</h2>\n<div class=\"charts\">\n")
                .append(figure("Throughput (req/s) against workers", "req/s", results, List.of(
                        line("sync", "sync", false, results, PointResult::throughput),
                        line("async", "async", false, results, PointResult::throughput),
                        line("virtual", "virtual", false, results, PointResult::throughput))))
                .append(figure("p50 (solid) and p99 (dashed) latency against workers", "ms", results, List.of(
                        line("sync p50", "sync", false, results, PointResult::p50),
                        line("sync p99", "sync", true, results, PointResult::p99),
                        line("async p50", "async", false, results, PointResult::p50),
                        line("async p99", "async", true, results, PointResult::p99),
                        line("virtual p50", "virtual", false, results, PointResult::p50),
                        line("virtual p99", "virtual", true, results, PointResult::p99))))
                .append("</div>\n<h2>Memory</h2>\n<div class=\"charts\">\n")
                .append(figure("Memory per container (MiB, mean of each worker's mean; dashed: balancer)", "MiB",
                        results, List.of(
                                line("sync worker", "sync", false, results, PointResult::workerMemoryMean),
                                line("async worker", "async", false, results, PointResult::workerMemoryMean),
                                line("virtual worker", "virtual", false, results, PointResult::workerMemoryMean),
                                line("balancer (sync)", "sync", true, results, r -> r.balancer().meanMemoryMib()),
                                line("balancer (async)", "async", true, results, r -> r.balancer().meanMemoryMib()))))
                .append(figure("Pool memory per request in flight (MiB): the workers' peak memory / the most "
                        + "requests in flight at once", "MiB", results, List.of(
                        line("sync", "sync", false, results, PointResult::memoryPerInFlightMib),
                        line("async", "async", false, results, PointResult::memoryPerInFlightMib),
                        line("virtual", "virtual", false, results, PointResult::memoryPerInFlightMib))))
                .append("</div>\n<h2>Points</h2>\n").append(table(results))
                .append("<p class=\"explain\">The same numbers: <a href=\"sweep.csv\">sweep.csv</a>, per container "
                        + "<a href=\"containers.csv\">containers.csv</a>; each point's Gatling report is in its p* "
                        + "directory.</p>\n</body></html>\n");
        return save(dir, html);
    }

    private static Path save(Path dir, CharSequence html) throws IOException {
        Path file = dir.resolve("index.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }

    private static SvgLineChart.Series line(String name, String topology, boolean dashed, List<PointResult> results,
                                            ToDoubleFunction<PointResult> y) {
        List<double[]> points = new ArrayList<>();
        for (PointResult r : results) {
            if (r.spec().topology().equals(topology)) {
                points.add(new double[] {r.spec().workers(), y.applyAsDouble(r)});
            }
        }
        return new SvgLineChart.Series(name, topology, dashed, points);
    }

    private static String figure(String caption, String unit, List<PointResult> results, List<SvgLineChart.Series> all) {
        List<SvgLineChart.Series> drawn = all.stream().filter(s -> !s.points().isEmpty()).toList();
        return "<figure>" + SvgLineChart.render(caption, unit, drawn) + "<figcaption>" + Html.escape(caption)
                + "</figcaption></figure>\n";
    }

    private static String table(List<PointResult> results) {
        String[] header = SweepCsv.HEADER.split(",");
        StringBuilder html = new StringBuilder("<div class=\"scroll\"><table><thead><tr>");
        for (String h : header) {
            html.append("<th>").append(Html.escape(h.replace('_', ' '))).append("</th>");
        }
        html.append("</tr></thead><tbody>\n");
        for (PointResult r : results) {
            html.append("<tr>");
            for (String cell : SweepCsv.row(r).split(",", -1)) {
                html.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody></table></div>\n").toString();
    }
}
