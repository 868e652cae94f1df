package dev.syncasync.report;

import java.util.List;
import java.util.Locale;

/**
 * A predicted-against-measured scatter: one dot per run, the prediction across and the
 * measurement up, both axes from zero on one scale ({@link SvgAxis}), the line {@code y = x}
 * (measured as predicted) and the band around it ({@code y = (1 +- band) x}) shaded. The SVG
 * carries its colours and fonts as attributes, so the same text works inline in a page and
 * as an image file of its own.
 */
public final class SvgScatter {

    /** One run: where it lands, its colour, filled or hollow, and its tooltip. */
    public record Dot(double x, double y, String colour, boolean filled, String title) {
    }

    /** One entry of the key under the plot. */
    public record Key(String label, String colour, boolean filled) {
    }

    private static final double LEFT = 64;
    private static final double SIDE = 400;
    private static final double TOP = 24;
    private static final double RIGHT = LEFT + SIDE;
    private static final double BOTTOM = TOP + SIDE;
    private static final double W = RIGHT + 40;
    private static final String FONT = "font-family=\"ui-monospace, 'DejaVu Sans Mono', monospace\" font-size=\"11\" "
            + "fill=\"#444\"";

    private SvgScatter() {
    }

    /**
     * The chart: {@code band} is the relative half-width of the shaded band (0.15 for +-15%);
     * dots whose values are not finite are left out.
     */
    public static String render(String title, String xLabel, String yLabel, double band, List<Dot> dots, List<Key> keys) {
        double max = dots.stream().flatMap(d -> java.util.stream.Stream.of(d.x(), d.y())).mapToDouble(Double::doubleValue)
                .filter(Double::isFinite).max().orElse(1);
        SvgAxis x = new SvgAxis(max, LEFT, RIGHT, 6, 0);
        SvgAxis y = new SvgAxis(max, BOTTOM, TOP, 6, 0);
        double end = x.end();
        double height = BOTTOM + 70 + 18 * keys.size();
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"scatter\" viewBox=\"0 0 ").append(c(W)).append(' ')
                .append(c(height)).append("\" width=\"").append(c(W)).append("\" height=\"").append(c(height))
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">")
                .append("<rect x=\"0\" y=\"0\" width=\"").append(c(W)).append("\" height=\"").append(c(height))
                .append("\" fill=\"#fff\"/>");
        // The band: between y = (1 - b) x and y = (1 + b) x, clipped to the square.
        svg.append("<polygon fill=\"#2ca02c\" fill-opacity=\"0.13\" stroke=\"none\" points=\"")
                .append(c(x.x(0))).append(',').append(c(y.x(0))).append(' ')
                .append(c(x.x(end))).append(',').append(c(y.x(end * (1 - band)))).append(' ')
                .append(c(x.x(end))).append(',').append(c(y.x(end))).append(' ')
                .append(c(x.x(end / (1 + band)))).append(',').append(c(y.x(end))).append("\"/>");
        grid(svg, x, y);
        line(svg, x.x(0), y.x(0), x.x(end), y.x(end), "#333", "");
        line(svg, x.x(0), y.x(0), x.x(end), y.x(end * (1 - band)), "#2ca02c", " stroke-dasharray=\"5 4\"");
        line(svg, x.x(0), y.x(0), x.x(end / (1 + band)), y.x(end), "#2ca02c", " stroke-dasharray=\"5 4\"");
        for (Dot d : dots) {
            if (Double.isFinite(d.x()) && Double.isFinite(d.y())) {
                dot(svg, x.x(d.x()), y.x(Math.min(d.y(), end)), d.colour(), d.filled(), d.title());
            }
        }
        svg.append(text(LEFT + SIDE / 2, BOTTOM + 34, "middle", xLabel))
                .append("<text x=\"14\" y=\"").append(c(TOP + SIDE / 2)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
                .append(c(TOP + SIDE / 2)).append(")\" ").append(FONT).append('>').append(Html.escape(yLabel)).append("</text>");
        keys(svg, keys, band);
        return svg.append("</svg>").toString();
    }

    private static void grid(StringBuilder svg, SvgAxis x, SvgAxis y) {
        for (double t : x.ticks()) {
            line(svg, x.x(t), TOP, x.x(t), BOTTOM, "#d6d6d6", " stroke-width=\"0.6\"");
            svg.append(text(x.x(t), BOTTOM + 15, "middle", x.label(t)));
        }
        for (double t : y.ticks()) {
            line(svg, LEFT, y.x(t), RIGHT, y.x(t), "#d6d6d6", " stroke-width=\"0.6\"");
            svg.append(text(LEFT - 6, y.x(t) + 4, "end", y.label(t)));
        }
    }

    private static void keys(StringBuilder svg, List<Key> keys, double band) {
        double ky = BOTTOM + 58;
        line(svg, LEFT, ky - 4, LEFT + 24, ky - 4, "#333", "");
        svg.append(text(LEFT + 30, ky, "start", "measured = predicted"));
        svg.append("<rect x=\"").append(c(LEFT + 210)).append("\" y=\"").append(c(ky - 10)).append("\" width=\"24\" height=\"12\" "
                + "fill=\"#2ca02c\" fill-opacity=\"0.13\" stroke=\"#2ca02c\" stroke-dasharray=\"5 4\"/>")
                .append(text(LEFT + 240, ky, "start", String.format(Locale.ROOT, "+-%.0f%% band", band * 100)));
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            double yy = ky + 18 * (i + 1);
            dot(svg, LEFT + 12, yy - 4, k.colour(), k.filled(), k.label());
            svg.append(text(LEFT + 30, yy, "start", k.label()));
        }
    }

    private static void dot(StringBuilder svg, double px, double py, String colour, boolean filled, String title) {
        svg.append("<circle cx=\"").append(c(px)).append("\" cy=\"").append(c(py)).append("\" r=\"5\" stroke=\"")
                .append(colour).append("\" stroke-width=\"2\" fill=\"").append(filled ? colour : "#fff").append("\"><title>")
                .append(Html.escape(title)).append("</title></circle>");
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2, String colour, String extra) {
        svg.append("<line x1=\"").append(c(x1)).append("\" y1=\"").append(c(y1)).append("\" x2=\"").append(c(x2))
                .append("\" y2=\"").append(c(y2)).append("\" stroke=\"").append(colour).append('"').append(extra).append("/>");
    }

    private static String text(double x, double y, String anchor, String text) {
        return "<text x=\"" + c(x) + "\" y=\"" + c(y) + "\" text-anchor=\"" + anchor + "\" " + FONT + ">" + Html.escape(text)
                + "</text>";
    }

    private static String c(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
