package dev.syncasync.experiments;

import dev.syncasync.report.Html;
import dev.syncasync.report.SvgScatter;
import dev.syncasync.theory.Band;
import dev.syncasync.theory.plan.Forecast;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a plan grid shows: per point the plan, this run's prediction, the measurement and the
 * band's verdict - as {@code plan-grid.csv}, as the console's table, and as the report's scatter
 * of predicted against measured (also written alone as {@code plan-grid.svg}) and table.
 */
final class PlanGridReport {

    static final String HEADER = "point,rate_rps,io_ms,objective,role,pool,workers,per_worker,slots,requests,failed,"
            + "rt_ms,hold_ms,plan_p50_ms,plan_stat_ms,run_p50_ms,run_stat_ms,measured_p50_ms,measured_stat_ms,"
            + "band_low_ms,band_high_ms,prediction,objective_measured,attempts,disturbed";

    private static final String ANSWER = "#1f78b4";
    private static final String SMALLER = "#d62728";
    private static final String ASYNC = "#f07800";

    private PlanGridReport() {
    }

    /** Before the runs: what the planner chose for a point, and its steady-state forecast. */
    static String planned(PlanPoint p) {
        Forecast f = p.planned();
        return String.format(Locale.ROOT, "%s: %s %s, %d slot%s, plan p50 %s ms, %s %s ms (%s)", p.demand(), p.role(),
                configuration(p), f.slots(), f.slots() == 1 ? "" : "s", ms(f.p50()), p.objective().statistic(),
                ms(f.objective()), p.answer() ? "meets it" : f.stable() ? "misses it" : "misses it: no steady state");
    }

    /** After a point's run: the three numbers and the verdicts, one line. */
    static String line(PlanRow r) {
        Band band = r.band();
        return String.format(Locale.ROOT, "%s, %s %s: %s plan %s / run %s / measured %s ms, band [%d, %d]: %s; measured "
                + "%s the objective%s", r.plan().demand(), r.plan().role(), configuration(r.plan()),
                r.plan().objective().statistic(), ms(r.plan().planned().objective()), ms(r.run().objective()),
                ms(r.measured()), band.lower(r.run().objective()), band.upper(r.run().objective()),
                r.verdict(), r.meets() ? "meets" : "misses",
                r.failed() > 0 ? " (" + r.failed() + " requests failed)" : "");
    }

    /** The console's table of every point, and a summary line. */
    static String table(List<PlanRow> rows) {
        String fmt = "%3s %6s %5s %-14s %-12s %-11s %5s %6s %7s %7s %7s %11s  %-9s %s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, fmt, "pt", "rate/s", "io", "objective", "role",
                "config", "slots", "reqs", "plan", "run", "meas.", "band", "run vs", "objective"));
        for (PlanRow r : rows) {
            PlanPoint p = r.plan();
            Band band = r.band();
            out.append(String.format(Locale.ROOT, fmt, r.point(), p.rate(), p.io(), p.objective().describe().replace(" ", ""),
                    p.role(), configuration(p), r.run().slots() == Integer.MAX_VALUE ? "-" : Integer.toString(r.run().slots()),
                    r.requests(), ms(p.planned().objective()), ms(r.run().objective()), ms(r.measured()),
                    "[" + band.lower(r.run().objective()) + ", " + band.upper(r.run().objective()) + "]",
                    r.verdict(), (r.meets() ? "meets" : "misses") + (r.meets() == p.answer()
                            ? "" : " (planned to " + (p.answer() ? "meet" : "miss") + ")")));
        }
        out.append(summary(rows)).append('\n');
        return out.toString();
    }

    /** How many points agreed with their prediction, and how many met or missed as planned. */
    static String summary(List<PlanRow> rows) {
        long inside = rows.stream().filter(PlanRow::inside).count();
        long disturbed = rows.stream().filter(PlanRow::isDisturbed).count();
        // A disturbed point's objective is no verdict either: the answers and smaller ones count the others.
        List<PlanRow> judged = rows.stream().filter(r -> !r.isDisturbed()).toList();
        long answers = judged.stream().filter(r -> r.plan().answer()).count();
        long answersMet = judged.stream().filter(r -> r.plan().answer() && r.meets()).count();
        long smaller = judged.size() - answers;
        long smallerMissed = judged.stream().filter(r -> !r.plan().answer() && !r.meets()).count();
        String stat = rows.isEmpty() ? "p99" : rows.get(0).plan().objective().statistic();
        return String.format(Locale.ROOT, "%d of %d points measured a %s inside the band around the prediction for "
                + "their own arrivals (+-15%%, plus two round trips under 100 ms)%s; %d of %d answers met their objective, "
                + "%d of %d next smaller configurations missed it", inside, rows.size(), stat, disturbed == 0 ? ""
                        : String.format(Locale.ROOT, ", %d outside it and %d disturbed in every attempt (no verdict, "
                        + "counted neither inside nor outside)", rows.size() - inside - disturbed, disturbed),
                answersMet, answers, smallerMissed, smaller);
    }

    static void writeCsv(List<PlanRow> rows, Path dir) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (PlanRow r : rows) {
            PlanPoint p = r.plan();
            Band band = r.band();
            csv.append(String.join(",", Integer.toString(r.point()), Integer.toString(p.rate()), Integer.toString(p.io()),
                    p.objective().describe().replace(" ", ""), p.role().replace(' ', '-'), p.spec().topology(),
                    Integer.toString(p.spec().workers()), Integer.toString(p.spec().threads()),
                    r.run().slots() == Integer.MAX_VALUE ? "" : Integer.toString(r.run().slots()),
                    Integer.toString(r.requests()), Integer.toString(r.failed()), SweepCsv.num(r.roundTripMs()),
                    SweepCsv.num(r.holdMs()), SweepCsv.num(p.planned().p50()), SweepCsv.num(p.planned().objective()),
                    SweepCsv.num(r.run().p50()), SweepCsv.num(r.run().objective()), SweepCsv.num(r.measuredP50()),
                    SweepCsv.num(r.measured()), Long.toString(band.lower(r.run().objective())),
                    Long.toString(band.upper(r.run().objective())), r.verdict().toLowerCase(Locale.ROOT),
                    r.meets() ? "meets" : "misses", Integer.toString(r.attempts()),
                    SweepCsv.cell(r.disturbed()))).append('\n');
        }
        Files.writeString(dir.resolve("plan-grid.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("plan-grid.svg"), scatter(rows) + "\n", StandardCharsets.UTF_8);
    }

    /** The scatter: this run's prediction across, the measurement up; answers filled, next smaller ones hollow. */
    static String scatter(List<PlanRow> rows) {
        String stat = rows.isEmpty() ? "p99" : rows.get(0).plan().objective().statistic();
        List<SvgScatter.Dot> dots = new ArrayList<>();
        boolean async = false;
        for (PlanRow r : rows) {
            PlanPoint p = r.plan();
            async |= p.spec().topology().equals("async");
            String colour = p.spec().topology().equals("async") ? ASYNC : p.answer() ? ANSWER : SMALLER;
            dots.add(new SvgScatter.Dot(r.run().objective(), r.measured(), colour, p.answer(), String.format(Locale.ROOT,
                    "point %d: %s, %s %s: predicted %s ms, measured %s ms (%s)", r.point(), p.demand(), p.role(),
                    configuration(p), ms(r.run().objective()), ms(r.measured()), r.verdict().toLowerCase(Locale.ROOT))));
        }
        List<SvgScatter.Key> keys = new ArrayList<>(List.of(new SvgScatter.Key("sync: the planner's answer", ANSWER, true),
                new SvgScatter.Key("sync: the next smaller configuration", SMALLER, false)));
        if (async) {
            keys.add(new SvgScatter.Key("async: the planner's answer", ASYNC, true));
        }
        return SvgScatter.render("Predicted against measured " + stat, "predicted " + stat + " for this run's arrivals (ms)",
                "measured " + stat + " (ms)", Band.MAX_RELATIVE, dots, keys);
    }

    /** The report's section: the scatter and the table. */
    static String html(List<PlanRow> rows) {
        String stat = rows.isEmpty() ? "p99" : rows.get(0).plan().objective().statistic();
        StringBuilder html = new StringBuilder("<h2>The planner, checked: predicted against measured ").append(stat)
                .append("</h2>\n<p class=\"explain\">Each point is a configuration <code>./lab plan</code> chose (its "
                        + "answer, filled) or the next smaller one (hollow), run under OpenModelRamp at the plan's rate "
                        + "with the plan's seed. Across: the prediction for that run's own arrivals through the same "
                        + "queue, with the round trip and slot hold Gatling measured before it (as <code>./lab plan "
                        + "--verify</code> predicts); up: what the clients measured. The shaded band is +-15%; below "
                        + "100 ms the verdict also allows two round trips. ")
                .append(Html.escape(summary(rows))).append(".</p>\n<figure class=\"scatter\">").append(scatter(rows))
                .append("</figure>\n<div class=\"scroll\"><table><thead><tr>");
        for (String h : new String[] {"point", "rate/s", "io ms", "objective", "role", "configuration", "slots", "requests",
            "failed", "rt / hold ms", "plan p50 / " + stat, "run p50 / " + stat, "measured p50 / " + stat, "band",
            "prediction", "objective"}) {
            html.append("<th>").append(Html.escape(h)).append("</th>");
        }
        html.append("</tr></thead><tbody>\n");
        for (PlanRow r : rows) {
            PlanPoint p = r.plan();
            Band band = r.band();
            cells(html, Integer.toString(r.point()), Integer.toString(p.rate()), Integer.toString(p.io()),
                    p.objective().describe(), p.role(), configuration(p),
                    r.run().slots() == Integer.MAX_VALUE ? "-" : Integer.toString(r.run().slots()),
                    Integer.toString(r.requests()), Integer.toString(r.failed()),
                    String.format(Locale.ROOT, "%.1f / %.1f", r.roundTripMs(), r.holdMs()),
                    ms(p.planned().p50()) + " / " + ms(p.planned().objective()),
                    ms(r.run().p50()) + " / " + ms(r.run().objective()), ms(r.measuredP50()) + " / " + ms(r.measured()),
                    "[" + band.lower(r.run().objective()) + ", " + band.upper(r.run().objective()) + "]",
                    r.verdict(), (r.meets() ? "meets" : "misses") + (r.meets() == p.answer() ? ""
                            : " (planned to " + (p.answer() ? "meet" : "miss") + ")"));
        }
        return html.append("</tbody></table></div>\n<p class=\"explain\">plan = the planner's steady state (200,000 "
                + "arrivals; inf = no steady state, the queue grows); the numbers are also in <a href=\"plan-grid.csv\">"
                + "plan-grid.csv</a>, the chart alone in <a href=\"plan-grid.svg\">plan-grid.svg</a>.</p>\n").toString();
    }

    private static void cells(StringBuilder html, String... cells) {
        html.append("<tr>");
        for (String c : cells) {
            html.append("<td>").append(Html.escape(c)).append("</td>");
        }
        html.append("</tr>\n");
    }

    /** {@code sync 5 x 1}: the pool kind, its workers and each one's slots. */
    static String configuration(PlanPoint p) {
        return p.spec().topology() + " " + p.spec().workers() + " x " + p.spec().threads();
    }

    static String ms(double v) {
        return Double.isInfinite(v) ? "inf" : Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }
}
