package dev.syncasync.demo;

import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.DemoReport.Stats;
import java.util.List;
import java.util.Locale;

/**
 * The demo's table for a terminal: one line per measured request and topology, predicted
 * beside measured for p50, p95, max and throughput, each cell {@code theory measured error%},
 * with a {@code *} on what the simulation asserts - every statistic the theory predicts; a
 * cell without a prediction shows {@code -} as its theory. Below the table, one line per row
 * that disagrees, was disturbed or ran more than once, saying why.
 */
final class ConsoleTable {

    private ConsoleTable() {
    }

    static String render(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-30s %-7s %-6s | %-22s | %-22s | %-22s | %-22s | %s",
                "request", "pool", "load", "p50 ms: theory/meas", "p95 ms: theory/meas", "max ms: theory/meas",
                "req/s: theory/meas", "verdict");
        out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        String simulation = null;
        for (Row r : rows) {
            if (!r.simulation().equals(simulation)) {
                simulation = r.simulation();
                out.append(simulation).append('\n');
            }
            out.append(String.format(Locale.ROOT, "  %-28s %-7s %-6s | %s | %s | %s | %s | %s%n",
                    cut(r.request(), 28), r.topology(), r.loadModel(),
                    cell(r.predicted().p50(), r.measured().p50(), r.checked().contains("p50")),
                    cell(r.predicted().p95(), r.measured().p95(), r.checked().contains("p95")),
                    cell(r.predicted().max(), r.measured().max(), r.checked().contains("max")),
                    cell(r.predicted().throughput(), r.measured().throughput(), r.checked().contains("throughput")),
                    r.verdict() + (r.failed() > 0 ? " (" + r.failed() + " failed)" : "")));
        }
        return out.toString();
    }

    /**
     * One line per row that disagrees or was disturbed: what, and why (the first clause of its
     * note; the report has it all, with the earlier attempts).
     */
    static List<String> notes(List<Row> rows) {
        return rows.stream().filter(r -> !r.agrees())
                .map(r -> r.simulation() + " / " + r.request() + " / " + r.topology() + ": " + r.verdict()
                        + (r.attempts() > 1 ? " after " + r.attempts() + " attempts" : "") + " - " + firstClause(r.note()))
                .toList();
    }

    private static String firstClause(String note) {
        int cut = note.indexOf("; attempt ");
        return cut < 0 ? note : note.substring(0, cut);
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
