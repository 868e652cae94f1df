package dev.syncasync.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One burst's timeline as a Gantt chart in inline SVG: one band per worker slot, one thin line
 * per request inside its band in dispatch order, the queue wait (arrival to dispatch) light,
 * a database request's wait for a connection of its worker's pool in amber, and the service solid. On blocking workers the waves make a staircase; on an
 * event loop the burst is one block.
 */
final class SvgGantt {

    static final double WIDTH = 1100;
    private static final double LEFT = 120;
    private static final double RIGHT = WIDTH - 24;
    private static final double TOP = 6;
    /** The plot aims at this height whatever the number of requests, so 1000 bars stay on screen. */
    private static final double PLOT_HEIGHT = 360;
    /** Lines thinner than half a pixel vanish; thicker than 8 px waste room when a burst is small. */
    private static final double MIN_LANE = 0.5;
    private static final double MAX_LANE = 8;
    private static final double LABEL_SPACING = 11;
    private static final Pattern TRAILING_NUMBER = Pattern.compile("^(.*?)(\\d+)$");

    private SvgGantt() {
    }

    /** The chart of {@code timeline} on a time axis from 0 to {@code maxMs}, shared with its pair. */
    static String render(DemoReport.Timeline timeline, double maxMs) {
        double lane = Math.clamp(PLOT_HEIGHT / Math.max(1, timeline.bars().size()), MIN_LANE, MAX_LANE);
        double plotHeight = lane * timeline.bars().size();
        StringBuilder svg = new StringBuilder(128 * timeline.bars().size() + 2048);
        open(svg, timeline, TOP + plotHeight + 24);
        SvgAxis axis = new SvgAxis(maxMs, LEFT, RIGHT);
        axis.draw(svg, TOP, TOP + plotHeight);
        double y = TOP;
        double lastLabel = Double.NEGATIVE_INFINITY;
        int index = 0;
        for (Map.Entry<String, List<DemoReport.Bar>> band : bands(timeline.bars()).entrySet()) {
            double bandHeight = lane * band.getValue().size();
            rect(svg, index++ % 2 == 0 ? "band even" : "band odd", LEFT, y, RIGHT - LEFT, bandHeight);
            double middle = y + bandHeight / 2;
            // Label a band only when there is room; on an event loop with many slots every few is enough.
            if (middle - lastLabel >= LABEL_SPACING) {
                label(svg, band.getKey(), middle);
                lastLabel = middle;
            }
            bars(svg, band.getValue(), axis, y, lane);
            y += bandHeight;
        }
        return svg.append("</svg>").toString();
    }

    private static void open(StringBuilder svg, DemoReport.Timeline timeline, double height) {
        // No xmlns: inline SVG in HTML does not need one, and the page then names no URL at all.
        svg.append("<svg class=\"gantt\" data-topology=\"").append(Html.escape(timeline.topology()))
                .append("\" data-title=\"").append(Html.escape(timeline.title()))
                .append("\" role=\"img\" width=\"").append(ReportFormat.coord(WIDTH)).append("\" height=\"")
                .append(ReportFormat.coord(height)).append("\" viewBox=\"0 0 ").append(ReportFormat.coord(WIDTH))
                .append(' ').append(ReportFormat.coord(height)).append("\">");
        svg.append("<title>").append(Html.escape(caption(timeline))).append("</title>");
    }

    /** The caption under the chart, as its {@code <title>} says too. */
    static String caption(DemoReport.Timeline timeline) {
        return ReportWaves.of(timeline).caption();
    }

    private static void bars(StringBuilder svg, List<DemoReport.Bar> bars, SvgAxis axis, double top, double lane) {
        // A pixel between lines while there is room, so each request reads as its own line; below a
        // pixel and a half the lines touch, so that a wave of hundreds still reads as a solid block.
        double height = lane >= 3 ? lane - 1 : lane >= 1.5 ? lane * 0.75 : lane;
        for (int i = 0; i < bars.size(); i++) {
            DemoReport.Bar bar = bars.get(i);
            double y = top + i * lane + (lane - height) / 2;
            // A request turned away before reaching a worker (a 503 from a full queue) has no dispatch:
            // draw it from its arrival.
            double dispatch = Double.isNaN(bar.dispatchMs()) ? bar.arrivalMs() : bar.dispatchMs();
            if (dispatch > bar.arrivalMs()) {
                rect(svg, "bar queue", axis.x(bar.arrivalMs()), y,
                        Math.max(0.5, axis.width(dispatch - bar.arrivalMs())), height);
            }
            // A database request's wait for a connection of its worker's pool: the queue moved from the
            // balancer to the pool (drawn from the dispatch: the lab's db requests wait for nothing before).
            double served = dispatch;
            if (bar.pooled() && bar.poolWaitMs() > 0) {
                served = Math.min(bar.endMs(), dispatch + bar.poolWaitMs());
                rect(svg, "bar pool", axis.x(dispatch), y, Math.max(0.5, axis.width(served - dispatch)), height);
            }
            rect(svg, bar.status() == 200 ? "bar service" : "bar service failed", axis.x(served), y,
                    Math.max(1, axis.width(bar.endMs() - served)), height);
        }
    }

    private static void rect(StringBuilder svg, String cssClass, double x, double y, double width, double height) {
        svg.append("<rect class=\"").append(cssClass).append("\" x=\"").append(ReportFormat.coord(x))
                .append("\" y=\"").append(ReportFormat.coord(y)).append("\" width=\"")
                .append(ReportFormat.coord(width)).append("\" height=\"").append(ReportFormat.coord(height))
                .append("\"/>");
    }

    private static void label(StringBuilder svg, String text, double y) {
        svg.append("<text class=\"slot\" x=\"").append(ReportFormat.coord(LEFT - 6)).append("\" y=\"")
                .append(ReportFormat.coord(y + 3.5)).append("\" text-anchor=\"end\">")
                .append(Html.escape(text)).append("</text>");
    }

    /** The bars by "worker / slot", sorted by worker (sync-2 before sync-10) then slot, each by dispatch time. */
    private static Map<String, List<DemoReport.Bar>> bands(List<DemoReport.Bar> bars) {
        List<DemoReport.Bar> sorted = new ArrayList<>(bars);
        sorted.sort(Comparator.comparing(DemoReport.Bar::worker, SvgGantt::compareNatural)
                .thenComparingInt(DemoReport.Bar::slot)
                .thenComparingDouble(DemoReport.Bar::dispatchMs)
                .thenComparingDouble(DemoReport.Bar::arrivalMs));
        Map<String, List<DemoReport.Bar>> bands = new LinkedHashMap<>();
        for (DemoReport.Bar bar : sorted) {
            String worker = bar.worker() == null ? "none" : bar.worker();
            bands.computeIfAbsent(worker + " / " + bar.slot(), k -> new ArrayList<>()).add(bar);
        }
        return bands;
    }

    /** Worker ids compare by their prefix, then by their trailing number as a number. */
    static int compareNatural(String a, String b) {
        Matcher ma = TRAILING_NUMBER.matcher(a == null ? "" : a);
        Matcher mb = TRAILING_NUMBER.matcher(b == null ? "" : b);
        if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1)) && ma.group(2).length() < 10
                && mb.group(2).length() < 10) {
            return Integer.compare(Integer.parseInt(ma.group(2)), Integer.parseInt(mb.group(2)));
        }
        return String.valueOf(a).compareTo(String.valueOf(b));
    }
}
