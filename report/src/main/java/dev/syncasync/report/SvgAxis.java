package dev.syncasync.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one axis of the lab's SVG charts: linear from 0 to a round maximum, mapped onto a pixel
 * range, with round ticks (1, 2 or 5 times a power of ten). Time axes label their ticks in ms or
 * s. Two charts built from the same maximum share their scale, which is what makes sync and
 * async comparable at a glance. A vertical axis maps onto a pixel range that runs upwards
 * ({@code from} below {@code to}'s value).
 */
final class SvgAxis {

    private static final int TARGET_TICKS = 8;

    private final double endMs;
    private final double stepMs;
    private final double left;
    private final double right;

    /** A time axis covering 0..{@code maxMs} (rounded up to a tick) on pixels {@code left..right}. */
    SvgAxis(double maxMs, double left, double right) {
        this(maxMs, left, right, TARGET_TICKS, 0);
    }

    /**
     * An axis covering 0..{@code max} (rounded up to a tick) on pixels {@code from..to}, with about
     * {@code targetTicks} ticks no closer than {@code minStep} (1 keeps whole counts whole).
     */
    SvgAxis(double max, double from, double to, int targetTicks, double minStep) {
        double m = Double.isFinite(max) && max > 0 ? max : 1;
        this.stepMs = niceStep(Math.max(minStep, m / targetTicks));
        this.endMs = Math.max(stepMs, Math.ceil(m / stepMs - 1e-9) * stepMs);
        this.left = from;
        this.right = to;
    }

    /** The pixel for {@code ms}. */
    double x(double ms) {
        return left + (right - left) * ms / endMs;
    }

    /** The pixel length of {@code ms}. */
    double width(double ms) {
        return (right - left) * ms / endMs;
    }

    /** The value at the end of the axis. */
    double end() {
        return endMs;
    }

    /** The tick values, 0 to the end of the axis. */
    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        long count = Math.round(endMs / stepMs);
        for (long i = 0; i <= count; i++) {
            ticks.add(i * stepMs);
        }
        return ticks;
    }

    /** A tick label: "250 ms" while the axis ends under 2 s, else "2.5 s". */
    String label(double ms) {
        if (endMs < 2000) {
            return trim(ms) + " ms";
        }
        return trim(ms / 1000) + " s";
    }

    /** Vertical grid lines from {@code top} to {@code bottom}, with the tick labels under them. */
    void draw(StringBuilder svg, double top, double bottom) {
        svg.append("<g class=\"axis\">");
        for (double tick : ticks()) {
            String x = ReportFormat.coord(x(tick));
            svg.append("<line class=\"grid\" x1=\"").append(x).append("\" y1=\"").append(ReportFormat.coord(top))
                    .append("\" x2=\"").append(x).append("\" y2=\"").append(ReportFormat.coord(bottom)).append("\"/>");
            svg.append("<text class=\"tick\" x=\"").append(x).append("\" y=\"").append(ReportFormat.coord(bottom + 14))
                    .append("\" text-anchor=\"middle\">").append(label(tick)).append("</text>");
        }
        svg.append("</g>");
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}: ticks people read without effort. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5}) {
            if (factor * power >= raw - 1e-12) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, "%.3f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
