package dev.syncasync.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart sections of the report: the timelines of each burst, sync above async above virtual
 * on one time scale, and the latency distributions of each request, every pool on one axis.
 */
final class ReportCharts {

    private ReportCharts() {
    }

    /** One figure per timeline, the timelines of the same title together and on the same scale. */
    static String timelines(List<DemoReport.Timeline> timelines) {
        StringBuilder html = new StringBuilder(1024);
        html.append("<section id=\"timelines\">\n<h2>Per-request timelines</h2>\n");
        html.append("<p class=\"explain\">One band per worker slot, one line per request in dispatch order: "
                + "<span class=\"swatch queue\"></span> waiting in the balancer's queue, "
                + "<span class=\"swatch pool\"></span> waiting for a database connection in the worker's pool, "
                + "<span class=\"swatch sync\"></span><span class=\"swatch async\"></span>"
                + "<span class=\"swatch virtual\"></span> served (sync, async, virtual), "
                + "<span class=\"swatch failed\"></span> not 200. "
                + "The charts of one burst share their time axis.</p>\n");
        if (timelines.isEmpty()) {
            html.append("<p>No timelines were recorded.</p>\n");
        }
        for (List<DemoReport.Timeline> pair : byTitle(timelines)) {
            double maxMs = pair.stream().flatMap(t -> t.bars().stream())
                    .mapToDouble(b -> Math.max(b.endMs(), b.arrivalMs())).max().orElse(1);
            html.append("<div class=\"pair\">\n<h3>").append(Html.escape(pair.get(0).title())).append("</h3>\n");
            for (DemoReport.Timeline timeline : pair) {
                html.append("<figure class=\"timeline\">").append(SvgGantt.render(timeline, maxMs))
                        .append("<figcaption>").append(Html.escape(SvgGantt.caption(timeline)))
                        .append("</figcaption></figure>\n");
            }
            html.append("</div>\n");
        }
        return html.append("</section>\n").toString();
    }

    /** The pools in the report's order. */
    private static final List<String> POOLS = List.of("sync", "async", "virtual");

    /** One chart per request that was measured on at least two topologies. */
    static String distributions(List<DemoReport.Distribution> distributions) {
        StringBuilder html = new StringBuilder(1024);
        html.append("<section id=\"distributions\">\n<h2>Latency distributions</h2>\n");
        html.append("<p class=\"explain\">The fraction of requests answered within a latency (empirical CDF): "
                + "the further left and the steeper, the better. A staircase is a queue served in waves.</p>\n");
        html.append("<div class=\"cdfs\">\n");
        int drawn = 0;
        for (List<DemoReport.Distribution> group : byRequest(distributions)) {
            List<DemoReport.Distribution> pools = new ArrayList<>();
            for (String topology : POOLS) {
                DemoReport.Distribution d = first(group, topology);
                if (d != null) {
                    pools.add(d);
                }
            }
            if (pools.size() >= 2) {
                html.append("<figure class=\"cdf\">").append(SvgDistribution.render(pools))
                        .append("<figcaption>").append(Html.escape(pools.get(0).simulation())).append(": ")
                        .append(Html.escape(pools.get(0).request())).append("</figcaption></figure>\n");
                drawn++;
            }
        }
        html.append("</div>\n");
        if (drawn == 0) {
            html.append("<p>No request was measured on two topologies.</p>\n");
        }
        return html.append("</section>\n").toString();
    }

    /** Timelines grouped by title in order of first appearance, sync, async, virtual within a group. */
    static List<List<DemoReport.Timeline>> byTitle(List<DemoReport.Timeline> timelines) {
        Map<String, List<DemoReport.Timeline>> groups = new LinkedHashMap<>();
        for (DemoReport.Timeline timeline : timelines) {
            groups.computeIfAbsent(timeline.title(), k -> new ArrayList<>()).add(timeline);
        }
        List<List<DemoReport.Timeline>> result = new ArrayList<>();
        for (List<DemoReport.Timeline> group : groups.values()) {
            group.sort(Comparator.comparingInt(t -> POOLS.contains(t.topology()) ? POOLS.indexOf(t.topology())
                    : POOLS.size()));
            result.add(group);
        }
        return result;
    }

    private static List<List<DemoReport.Distribution>> byRequest(List<DemoReport.Distribution> distributions) {
        Map<List<String>, List<DemoReport.Distribution>> groups = new LinkedHashMap<>();
        for (DemoReport.Distribution d : distributions) {
            groups.computeIfAbsent(Arrays.asList(d.simulation(), d.request()), k -> new ArrayList<>())
                    .add(d);
        }
        return new ArrayList<>(groups.values());
    }

    private static DemoReport.Distribution first(List<DemoReport.Distribution> group, String topology) {
        return group.stream().filter(d -> topology.equals(d.topology())).findFirst().orElse(null);
    }
}
