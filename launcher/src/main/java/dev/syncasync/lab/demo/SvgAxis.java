package dev.syncasync.lab.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A linear time axis in ms from 0 to a round maximum, mapped onto a pixel range, with round
 * ticks labelled in ms or s. Two charts built from the same {@code maxMs} share their scale,
 * which is what makes sync and async comparable at a glance.
 */
final class SvgAxis {

    private static final int TARGET_TICKS = 8;

    private final double endMs;
    private final double stepMs;
    private final double left;
    private final double right;

    /** An axis covering 0..{@code maxMs} (rounded up to a tick) on pixels {@code left..right}. */
    SvgAxis(double maxMs, double left, double right) {
        double max = Double.isFinite(maxMs) && maxMs > 0 ? maxMs : 1;
        this.stepMs = niceStep(max / TARGET_TICKS);
        this.endMs = Math.ceil(max / stepMs - 1e-9) * stepMs;
        this.left = left;
        this.right = right;
    }

    /** The pixel for {@code ms}. */
    double x(double ms) {
        return left + (right - left) * ms / endMs;
    }

    /** The pixel length of {@code ms}. */
    double width(double ms) {
        return (right - left) * ms / endMs;
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
