package dev.syncasync.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart: y against worker count, one line per series, both axes from zero with
 * round ticks ({@link SvgAxis}), in the demo report's style (sync blue, async orange; dashed lines for a second
 * statistic of the same topology).
 */
public final class SvgLineChart {

    /** One line: its points (x = workers, or the chart's x unit), colour class and whether it is dashed. */
    public record Series(String name, String cssClass, boolean dashed, List<double[]> points) {
    }

    private static final double W = 520;
    private static final double H = 340;
    private static final double LEFT = 60;
    private static final double RIGHT = 500;
    private static final double TOP = 20;
    private static final double BOTTOM = 250;

    private SvgLineChart() {
    }

    /** Both axes from zero to a round end, mapped onto the plot area. */
    private record Scale(SvgAxis x, SvgAxis y) {

        static Scale of(List<Series> series) {
            double maxX = series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]).max().orElse(1);
            double maxY = series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1])
                    .filter(Double::isFinite).max().orElse(1);
            // Worker counts are whole: never a tick between two counts.
            return new Scale(new SvgAxis(maxX, LEFT, RIGHT, 8, 1), new SvgAxis(maxY, BOTTOM, TOP, 6, 0));
        }

        double px(double x) {
            return this.x.x(x);
        }

        double py(double y) {
            return this.y.x(y);
        }
    }

    public static String render(String title, String yUnit, List<Series> series) {
        return render(title, "workers", yUnit, series);
    }

    /** The chart with {@code xUnit} under its x axis (e.g. {@code connections (P)}) instead of workers. */
    public static String render(String title, String xUnit, String yUnit, List<Series> series) {
        Scale scale = Scale.of(series);
        StringBuilder svg = new StringBuilder(2048);
        // Inline in HTML, an svg element needs no namespace attribute.
        svg.append("<svg class=\"line-chart\" viewBox=\"0 0 ").append(c(W))
                .append(' ').append(c(H)).append("\" role=\"img\" aria-label=\"").append(Html.escape(title))
                .append("\">");
        grid(svg, scale, xUnit, yUnit);
        for (int i = 0; i < series.size(); i++) {
            line(svg, scale, series.get(i), xUnit, yUnit, i);
        }
        return svg.append("</svg>").toString();
    }

    private static void grid(StringBuilder svg, Scale scale, String xUnit, String yUnit) {
        for (double y : scale.y().ticks()) {
            double py = scale.py(y);
            svg.append("<line class=\"grid\" x1=\"").append(c(LEFT)).append("\" y1=\"").append(c(py)).append("\" x2=\"")
                    .append(c(RIGHT)).append("\" y2=\"").append(c(py)).append("\"/><text x=\"").append(c(LEFT - 6))
                    .append("\" y=\"").append(c(py + 3)).append("\" text-anchor=\"end\">").append(label(y)).append("</text>");
        }
        for (double x : scale.x().ticks()) {
            double px = scale.px(x);
            svg.append("<line class=\"grid\" x1=\"").append(c(px)).append("\" y1=\"").append(c(TOP)).append("\" x2=\"")
                    .append(c(px)).append("\" y2=\"").append(c(BOTTOM)).append("\"/><text x=\"").append(c(px))
                    .append("\" y=\"").append(c(BOTTOM + 14)).append("\" text-anchor=\"middle\">").append(label(x))
                    .append("</text>");
        }
        svg.append("<text x=\"").append(c((LEFT + RIGHT) / 2)).append("\" y=\"").append(c(BOTTOM + 30))
                .append("\" text-anchor=\"middle\">").append(Html.escape(xUnit)).append("</text><text x=\"12\" y=\"").append(c(TOP - 6))
                .append("\">").append(Html.escape(yUnit)).append("</text>");
    }

    /** One series: a dot per point (its value in a tooltip), the line through them, its entry in the key. */
    private static void line(StringBuilder svg, Scale scale, Series s, String xUnit, String yUnit, int index) {
        String css = s.cssClass() + (s.dashed() ? " dashed" : "");
        List<String> coords = new ArrayList<>();
        for (double[] p : s.points()) {
            if (!Double.isFinite(p[1])) {
                continue;
            }
            String px = c(scale.px(p[0]));
            String py = c(scale.py(p[1]));
            coords.add(px + "," + py);
            svg.append("<circle class=\"dot ").append(s.cssClass()).append("\" cx=\"").append(px).append("\" cy=\"")
                    .append(py).append("\" r=\"3.5\"><title>").append(Html.escape(s.name())).append(": ")
                    .append(label(p[1])).append(' ').append(Html.escape(yUnit)).append(" at ").append(label(p[0]))
                    .append(' ').append(Html.escape(xUnit)).append("</title></circle>");
        }
        svg.append("<polyline class=\"line ").append(css).append("\" points=\"").append(String.join(" ", coords))
                .append("\"/>");
        // The key: two entries a row under the x axis.
        double ky = BOTTOM + 52 + (index / 2) * 16;
        double kx = LEFT + (index % 2) * 220;
        svg.append("<line class=\"line ").append(css).append("\" x1=\"").append(c(kx)).append("\" y1=\"")
                .append(c(ky - 4)).append("\" x2=\"").append(c(kx + 22)).append("\" y2=\"").append(c(ky - 4))
                .append("\"/><text x=\"").append(c(kx + 26)).append("\" y=\"").append(c(ky)).append("\">")
                .append(Html.escape(s.name())).append("</text>");
    }

    private static String label(double v) {
        String text = String.format(Locale.ROOT, Math.abs(v) >= 100 || v == Math.rint(v) ? "%.0f" : "%.2f", v);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    private static String c(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
