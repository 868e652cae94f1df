package dev.syncasync.experiments;

import dev.syncasync.report.Html;
import dev.syncasync.report.SvgLineChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What a sweep over {@code db.pool-size} shows: the makespan of DatabaseBottleneck's burst against
 * P, the connections in use across the pool, for each topology, measured (solid) beside the theory
 * (dashed, {@code ceil(users / P)} waves); and per point the verdict in the run's own band
 * ({@code db-pool.csv}, a table on the page and on the console).
 */
final class DbPoolReport {

    static final String CSV_HEADER = "point,topology,workers,threads,db_pool_size,connections,users,waves,"
            + "theory_p50_ms,measured_p50_ms,theory_max_ms,measured_max_ms,max_lower_ms,max_upper_ms,max_error_pct,"
            + "failed,inside";

    private static final List<String> TOPOLOGIES = List.of("sync", "async", "virtual");

    private DbPoolReport() {
    }

    /** One line of the console per point. */
    static String line(DbPoolRow r) {
        return String.format(Locale.ROOT, "%s: P=%d, %d waves; makespan %.0f ms (theory %.0f, %+.1f%%, band %d..%d), "
                        + "p50 %.0f ms (theory %.0f)%s -> %s", r.spec(), r.connections(), r.waves(), r.measuredMax(),
                r.predictedMax(), r.maxErrorPercent(), r.band().lower(r.predictedMax()), r.band().upper(r.predictedMax()),
                r.measuredP50(), r.predictedP50(), r.failed() > 0 ? ", " + r.failed() + " failed" : "",
                r.verdict());
    }

    static void writeCsv(List<DbPoolRow> rows, Path dir) throws IOException {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (DbPoolRow r : rows) {
            csv.append(String.join(",", Integer.toString(r.point()), r.spec().topology(),
                    Integer.toString(r.spec().workers()), Integer.toString(r.spec().threads()),
                    Integer.toString(r.spec().dbPoolSize()), Integer.toString(r.connections()),
                    Integer.toString(r.users()), Integer.toString(r.waves()), SweepCsv.num(r.predictedP50()),
                    SweepCsv.num(r.measuredP50()), SweepCsv.num(r.predictedMax()), SweepCsv.num(r.measuredMax()),
                    Long.toString(r.band().lower(r.predictedMax())), Long.toString(r.band().upper(r.predictedMax())),
                    SweepCsv.num(r.maxErrorPercent()), Integer.toString(r.failed()), Boolean.toString(r.inside())))
                    .append('\n');
        }
        Files.writeString(dir.resolve("db-pool.csv"), csv, StandardCharsets.UTF_8);
    }

    /** The page's section: the chart of makespan against P, then the table of verdicts. */
    static String html(List<DbPoolRow> rows) {
        List<SvgLineChart.Series> makespan = new ArrayList<>();
        List<SvgLineChart.Series> p50 = new ArrayList<>();
        for (String t : TOPOLOGIES) {
            makespan.add(series(t + " measured", t, false, rows, DbPoolRow::measuredMax));
            makespan.add(series(t + " theory", t, true, rows, DbPoolRow::predictedMax));
            p50.add(series(t + " measured", t, false, rows, DbPoolRow::measuredP50));
            p50.add(series(t + " theory", t, true, rows, DbPoolRow::predictedP50));
        }
        long outside = rows.stream().filter(DbPoolRow::outside).count();
        StringBuilder html = new StringBuilder("<h2>Makespan against the connection pool</h2>\n<p class=\"explain\">"
                + "Each point is a lab of its own: the burst of DatabaseBottleneck on workers that hold P connections to "
                + "the lab's PostgreSQL in all (per worker the smaller of its slots and db.pool-size). The theory "
                + "(dashed) is ceil(users / P) waves of db plus the query's cost measured in the same run; solid is "
                + "what Gatling measured. ")
                .append(outside == 0 ? "Every point agrees with the theory in the lab's band."
                        : outside + " of " + rows.size() + " points disagree with the theory (the table says by how much).")
                .append("</p>\n<div class=\"charts\">\n");
        html.append(figure("Makespan (the slowest request of the burst, ms) against P", makespan))
                .append(figure("p50 (ms) against P", p50)).append("</div>\n");
        html.append("<div class=\"scroll\"><table><thead><tr>");
        for (String h : List.of("point", "topology", "workers", "threads", "db.pool-size", "P", "waves",
                "p50 theory", "p50 measured", "makespan theory", "makespan measured", "band", "error", "failed",
                "verdict")) {
            html.append("<th>").append(Html.escape(h)).append("</th>");
        }
        html.append("</tr></thead><tbody>\n");
        for (DbPoolRow r : rows) {
            html.append("<tr>");
            for (String cell : List.of(Integer.toString(r.point()), r.spec().topology(),
                    Integer.toString(r.spec().workers()), r.spec().threads() == 0 ? "no limit" : Integer.toString(r.spec().threads()),
                    Integer.toString(r.spec().dbPoolSize()), Integer.toString(r.connections()),
                    Integer.toString(r.waves()), ms(r.predictedP50()), ms(r.measuredP50()), ms(r.predictedMax()),
                    ms(r.measuredMax()), r.band().lower(r.predictedMax()) + ".." + r.band().upper(r.predictedMax()),
                    String.format(Locale.ROOT, "%+.1f%%", r.maxErrorPercent()), Integer.toString(r.failed()),
                    r.verdict().toLowerCase(Locale.ROOT))) {
                html.append("<td>").append(Html.escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody></table></div>\n<p class=\"explain\">The same rows: <a href=\"db-pool.csv\">"
                + "db-pool.csv</a>; each point's model is in its Gatling report's lab.json.</p>\n").toString();
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f", v) : "";
    }

    private static SvgLineChart.Series series(String name, String topology, boolean dashed, List<DbPoolRow> rows,
                                              ToDoubleFunction<DbPoolRow> y) {
        List<double[]> points = new ArrayList<>();
        rows.stream().filter(r -> r.spec().topology().equals(topology))
                .sorted(java.util.Comparator.comparingInt(DbPoolRow::connections))
                .forEach(r -> points.add(new double[] {r.connections(), y.applyAsDouble(r)}));
        return new SvgLineChart.Series(name, topology, dashed, points);
    }

    private static String figure(String caption, List<SvgLineChart.Series> all) {
        List<SvgLineChart.Series> drawn = all.stream().filter(s -> !s.points().isEmpty()).toList();
        return "<figure>" + SvgLineChart.render(caption, "connections in use (P)", "ms", drawn) + "<figcaption>"
                + Html.escape(caption) + "</figcaption></figure>\n";
    }
}
