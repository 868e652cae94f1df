package dev.syncasync.demo;

import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.DemoReport.Stats;
import java.util.List;
import java.util.Locale;

/**
 * The demo's table for a terminal: one line per measured request and topology, predicted
 * beside measured for p50, p95, max and throughput, with the relative error. A {@code *}
 * marks the statistics the simulation asserts.
 */
final class ConsoleTable {

    private ConsoleTable() {
    }

    static String render(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-30s %-5s %-6s | %-22s | %-22s | %-22s | %-13s | %s",
                "request", "pool", "load", "p50 ms: theory/meas", "p95 ms: theory/meas", "max ms: theory/meas",
                "req/s: th/meas", "verdict");
        out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        String simulation = null;
        for (Row r : rows) {
            if (!r.simulation().equals(simulation)) {
                simulation = r.simulation();
                out.append(simulation).append('\n');
            }
            out.append(String.format(Locale.ROOT, "  %-28s %-5s %-6s | %s | %s | %s | %6s %6s | %s%n",
                    cut(r.request(), 28), r.topology(), r.loadModel(),
                    cell(r.predicted().p50(), r.measured().p50(), r.checked().contains("p50")),
                    cell(r.predicted().p95(), r.measured().p95(), r.checked().contains("p95")),
                    cell(r.predicted().max(), r.measured().max(), r.checked().contains("max")),
                    num(r.predicted().throughput()), num(r.measured().throughput()),
                    (r.agrees() ? "agrees" : "DISAGREES") + (r.failed() > 0 ? " (" + r.failed() + " failed)" : "")));
        }
        return out.toString();
    }

    private static String cell(double predicted, double measured, boolean checked) {
        double error = Stats.error(predicted, measured);
        String err = Double.isNaN(error) ? "" : String.format(Locale.ROOT, "%+.1f%%", error * 100);
        return String.format(Locale.ROOT, "%6s %6s %7s%s", num(predicted), num(measured), err, checked ? "*" : " ");
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
