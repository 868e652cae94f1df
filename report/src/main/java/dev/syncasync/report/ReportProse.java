package dev.syncasync.report;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The words of the report: the lead, the coordinated-omission section and the notes. */
final class ReportProse {

    private ReportProse() {
    }

    /** The one paragraph that says what the demo shows, before any number. */
    static String lead() {
        return """
                <p class="lead">Every request says how long it waits (<code>io</code>) and how long it \
                computes (<code>cpu</code>), so the only thing that differs between a sync row and an async \
                row is the topology: blocking workers with one thread each, or event loops, behind the same \
                balancer. <strong>5 clients on 4 blocking workers</strong>: four are answered after one \
                service time T, the fifth waits a whole T more. <strong>100 at once</strong>: 25 waves on \
                sync, one wave on async. <strong>CPU-bound</strong>: async is not faster, the cores are the \
                limit either way. <strong>Blocking the event loop</strong> turns an async worker back into \
                a one-thread sync one. An <strong>open-model ramp past capacity</strong> shows the queue, and \
                the latency, growing without bound once requests arrive faster than they are served. Each \
                row puts what queueing theory predicts beside what the Gatling clients measured.</p>
                """;
    }

    /** Which simulations measured an open stream of users and which closed loops, and why it matters. */
    static String coordinatedOmission(List<DemoReport.Row> rows) {
        StringBuilder html = new StringBuilder(2048);
        html.append("<section id=\"coordinated-omission\">\n<h2>Coordinated omission: open and closed load</h2>\n");
        html.append("""
                <p>In an <strong>open</strong> model requests arrive on their own schedule, whether or not \
                earlier ones were answered, and each latency counts from the request's <em>intended</em> \
                send time: a server that stalls shows as long latencies, as independent users would feel \
                them. In a <strong>closed</strong> model each user waits for its answer before sending the \
                next request, so a slow server also slows the arrivals: the requests that would have come \
                during a stall are never sent, never measured, and closed-loop latency understates what an \
                open stream of users would see.</p>
                """);
        html.append("<ul class=\"load-models\">\n");
        for (Map.Entry<String, Set<String>> model : simulationsByLoadModel(rows).entrySet()) {
            html.append("<li><strong>").append(Html.escape(model.getKey())).append("</strong>: ")
                    .append(Html.escape(String.join(", ", model.getValue()))).append("</li>\n");
        }
        return html.append("</ul>\n</section>\n").toString();
    }

    /** The notes for the reader, then a link to each Gatling report. */
    static String notes(DemoReport report) {
        StringBuilder html = new StringBuilder(1024);
        html.append("<section id=\"notes\">\n<h2>Notes</h2>\n<ul class=\"notes\">\n");
        List<String> notes = report.notes() == null ? List.of() : report.notes();
        if (notes.isEmpty()) {
            html.append("<li>none</li>\n");
        }
        for (String note : notes) {
            html.append("<li>").append(Html.escape(note)).append("</li>\n");
        }
        html.append("</ul>\n<h3>Gatling reports</h3>\n<ul class=\"gatling\">\n");
        Map<String, Set<String>> reports = gatlingReports(report.rows() == null ? List.of() : report.rows());
        if (reports.isEmpty()) {
            html.append("<li>none</li>\n");
        }
        for (Map.Entry<String, Set<String>> link : reports.entrySet()) {
            html.append("<li><a href=\"").append(Html.escape(link.getKey())).append("\">")
                    .append(Html.escape(String.join(", ", link.getValue()))).append("</a></li>\n");
        }
        return html.append("</ul>\n</section>\n").toString();
    }

    /** "open" and "closed" (or whatever the rows say), each with its simulations, in run order. */
    static Map<String, Set<String>> simulationsByLoadModel(List<DemoReport.Row> rows) {
        Map<String, Set<String>> models = new LinkedHashMap<>();
        for (DemoReport.Row row : rows) {
            String model = row.loadModel() == null ? "unknown" : row.loadModel();
            models.computeIfAbsent(model, k -> new LinkedHashSet<>()).add(row.simulation());
        }
        return models;
    }

    /** Each Gatling report once, named by the simulation and topology it belongs to. */
    private static Map<String, Set<String>> gatlingReports(List<DemoReport.Row> rows) {
        Map<String, Set<String>> reports = new LinkedHashMap<>();
        for (DemoReport.Row row : rows) {
            if (row.gatlingReport() != null) {
                reports.computeIfAbsent(row.gatlingReport(), k -> new LinkedHashSet<>())
                        .add(row.simulation() + " (" + row.topology() + ")");
            }
        }
        return reports;
    }
}
