package dev.syncasync.report;

import dev.syncasync.measurements.Percentiles;
import java.util.Arrays;
import java.util.List;

/**
 * The latency distributions of one request on every topology it ran on as empirical CDF step
 * lines on one latency axis: where the sync line climbs in steps (waves) the async and virtual
 * ones rise at once.
 */
final class SvgDistribution {

    static final double WIDTH = 540;
    private static final double HEIGHT = 290;
    private static final double LEFT = 44;
    private static final double RIGHT = WIDTH - 18;
    private static final double TOP = 42;
    private static final double BOTTOM = HEIGHT - 26;
    /** More steps than this add bytes, not information: the line is drawn through quantiles. */
    private static final int MAX_STEPS = 400;

    private SvgDistribution() {
    }

    /** The chart comparing {@code sync} and {@code async} latencies of the same request. */
    static String render(DemoReport.Distribution sync, DemoReport.Distribution async) {
        return render(List.of(sync, async));
    }

    /** The chart comparing the latencies of the same request on each pool, in the order given (2 or 3). */
    static String render(List<DemoReport.Distribution> pools) {
        DemoReport.Distribution sync = pools.get(0);
        List<double[]> ms = pools.stream().map(d -> sorted(d.latencies())).toList();
        double max = ms.stream().mapToDouble(SvgDistribution::last).max().orElse(0);
        SvgAxis axis = new SvgAxis(max, LEFT, RIGHT);
        String title = sync.simulation() + ": " + sync.request() + " - latency CDF, "
                + String.join(" against ", pools.stream().map(DemoReport.Distribution::topology).toList());
        StringBuilder svg = new StringBuilder(64 * MAX_STEPS);
        svg.append("<svg class=\"distribution\" data-simulation=\"").append(Html.escape(sync.simulation()))
                .append("\" data-request=\"").append(Html.escape(sync.request()))
                .append("\" role=\"img\" width=\"").append(ReportFormat.coord(WIDTH)).append("\" height=\"")
                .append(ReportFormat.coord(HEIGHT)).append("\" viewBox=\"0 0 ").append(ReportFormat.coord(WIDTH))
                .append(' ').append(ReportFormat.coord(HEIGHT)).append("\">");
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        axis.draw(svg, TOP, BOTTOM);
        fractions(svg);
        for (int i = 0; i < pools.size(); i++) {
            line(svg, pools.get(i).topology(), ms.get(i), axis);
        }
        for (int i = 0; i < pools.size(); i++) {
            // Legends 15 px apart from the top: three fit above the plot (TOP is 42).
            legend(svg, pools.get(i).topology(), ms.get(i), 12 + 13 * i);
        }
        return svg.append("</svg>").toString();
    }

    private static void fractions(StringBuilder svg) {
        for (double f = 0; f <= 1.0001; f += 0.25) {
            String y = ReportFormat.coord(y(f));
            svg.append("<line class=\"grid\" x1=\"").append(ReportFormat.coord(LEFT)).append("\" y1=\"").append(y)
                    .append("\" x2=\"").append(ReportFormat.coord(RIGHT)).append("\" y2=\"").append(y).append("\"/>");
            svg.append("<text class=\"tick\" x=\"").append(ReportFormat.coord(LEFT - 5)).append("\" y=\"")
                    .append(ReportFormat.coord(y(f) + 3.5)).append("\" text-anchor=\"end\">")
                    .append(ReportFormat.number(f)).append("</text>");
        }
    }

    /** The step line: flat at k/n until the k-th latency, then up; through quantiles when n is large. */
    private static void line(StringBuilder svg, String topology, double[] ms, SvgAxis axis) {
        if (ms.length == 0) {
            return;
        }
        int steps = Math.min(ms.length, MAX_STEPS);
        StringBuilder d = new StringBuilder("M").append(ReportFormat.coord(axis.x(0))).append(' ')
                .append(ReportFormat.coord(y(0)));
        for (int k = 1; k <= steps; k++) {
            double fraction = (double) k / steps;
            double value = ms[(int) Math.ceil(fraction * ms.length) - 1];
            d.append('H').append(ReportFormat.coord(axis.x(value))).append('V').append(ReportFormat.coord(y(fraction)));
        }
        svg.append("<path class=\"cdf ").append(topology).append("\" d=\"").append(d).append("\"/>");
    }

    private static void legend(StringBuilder svg, String topology, double[] ms, double y) {
        String text = topology + ": n=" + ms.length + ", p50 " + ReportFormat.duration(Percentiles.nearestRank(ms, 0.50))
                + ", p95 " + ReportFormat.duration(Percentiles.nearestRank(ms, 0.95)) + ", max "
                + ReportFormat.duration(Percentiles.nearestRank(ms, 1.0));
        svg.append("<line class=\"key ").append(topology).append("\" x1=\"").append(ReportFormat.coord(LEFT))
                .append("\" y1=\"").append(ReportFormat.coord(y)).append("\" x2=\"")
                .append(ReportFormat.coord(LEFT + 22)).append("\" y2=\"").append(ReportFormat.coord(y)).append("\"/>");
        svg.append("<text class=\"legend\" x=\"").append(ReportFormat.coord(LEFT + 28)).append("\" y=\"")
                .append(ReportFormat.coord(y + 4)).append("\">").append(Html.escape(text)).append("</text>");
    }

    private static double y(double fraction) {
        return BOTTOM - (BOTTOM - TOP) * fraction;
    }

    /** Nearest-rank percentile of ascending values; NaN when there are none. */
    private static double last(double[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    private static double[] sorted(List<Double> latencies) {
        // The record promises ascending order; sorting again costs nothing and survives a careless caller.
        double[] ms = latencies.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
        Arrays.sort(ms);
        return ms;
    }
}
