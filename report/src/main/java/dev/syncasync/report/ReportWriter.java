package dev.syncasync.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link DemoReport} as one self-contained {@code index.html}: inline CSS and inline
 * SVG, no script and no URL but the relative links to the Gatling reports, so it opens
 * offline, from a results directory copied anywhere. In order: what the demo shows, the table
 * of predicted against measured values, the per-request timelines of the bursts, the latency
 * distributions, which simulations are open or closed models, and the notes.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /**
     * Writes {@code dir/index.html} for {@code report}, creating {@code dir} if needed.
     *
     * @return the path of the written file
     * @throws UncheckedIOException if the file cannot be written
     */
    public static Path write(DemoReport report, Path dir) {
        Path file = dir.resolve("index.html");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, html(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo report " + file, e);
        }
        return file;
    }

    /** The whole page. */
    static String html(DemoReport report) {
        String title = "sync or async? - lab demo " + report.timestamp();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n");
        html.append("<header>\n<h1>").append(Html.escape(title)).append("</h1>\n<p class=\"meta\">")
                .append(Html.escape(report.machine())).append(" &middot; <code>")
                .append(Html.escape(report.command())).append("</code> &middot; took ")
                .append(ReportFormat.duration(report.elapsedSec() * 1000)).append("</p>\n</header>\n");
        html.append(ReportProse.lead());
        html.append("<nav><a href=\"#results\">results</a><a href=\"#timelines\">timelines</a>")
                .append("<a href=\"#distributions\">distributions</a>")
                .append("<a href=\"#coordinated-omission\">open and closed load</a>")
                .append("<a href=\"#notes\">notes</a></nav>\n");
        html.append("<section id=\"results-section\">\n<h2>Predicted and measured</h2>\n")
                .append("<p class=\"explain\">Latencies in ms, error relative to the prediction; "
                        + "<strong>bold</strong>: the statistics the simulation asserts; "
                        + "&ldquo;&ndash;&rdquo;: unknown (the theory has no maximum for random arrivals).</p>\n")
                .append(ReportTable.render(orEmpty(report.rows()))).append("</section>\n");
        html.append(ReportCharts.timelines(orEmpty(report.timelines())));
        html.append(ReportCharts.distributions(orEmpty(report.distributions())));
        html.append(ReportProse.coordinatedOmission(orEmpty(report.rows())));
        html.append(ReportProse.notes(report));
        return html.append("</body>\n</html>\n").toString();
    }

    /** A demo that skipped a part may leave its list null; the page then says there is none. */
    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
