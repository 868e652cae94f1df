package dev.syncasync.report;

import dev.syncasync.measurements.Percentiles;
import java.util.Arrays;
import java.util.List;

/**
 * What a burst's timeline shows in one line: how many waves the requests were served in,
 * how long one took, on how many slots, and when the last answer left.
 *
 * <p>A wave is a run of dispatches that start within half a service time of the run's first
 * one: on 4 blocking slots 100 requests of 400 ms start at 0, 400, 800 ms... (25 waves), on
 * an event loop all of them start at once (1 wave). Counting from the dispatch times, not the
 * slots, gives the same answer whatever a worker calls its slots.
 *
 * @param topology  {@code sync} or {@code async}
 * @param requests  the number of requests
 * @param waves     the number of waves
 * @param serviceMs the median service time (dispatch to end)
 * @param slots     the number of distinct worker slots that served them
 * @param lastEndMs when the last answer left, from the first arrival
 * @param notOk     how many got another status than 200
 * @param maxPoolWaitMs the longest wait for a database connection; NaN when no request asked for the database
 */
record ReportWaves(String topology, int requests, int waves, double serviceMs, long slots, double lastEndMs,
                   long notOk, double maxPoolWaitMs) {

    /** The summary of one timeline. */
    static ReportWaves of(DemoReport.Timeline timeline) {
        List<DemoReport.Bar> bars = timeline.bars();
        // A database request's wave starts when it gets its connection, not when the balancer dispatched it.
        double service = Percentiles.median(bars.stream().mapToDouble(b -> b.endMs() - b.startMs()).toArray());
        double[] dispatches = bars.stream().mapToDouble(DemoReport.Bar::startMs).sorted().toArray();
        long slots = bars.stream().map(b -> b.worker() + "\u0000" + b.slot()).distinct().count();
        double lastEnd = bars.stream().mapToDouble(DemoReport.Bar::endMs).max().orElse(Double.NaN);
        long notOk = bars.stream().filter(b -> b.status() != 200).count();
        double maxPoolWait = bars.stream().filter(DemoReport.Bar::pooled).mapToDouble(DemoReport.Bar::poolWaitMs)
                .max().orElse(Double.NaN);
        return new ReportWaves(timeline.topology(), bars.size(), waves(dispatches, service), service, slots,
                lastEnd, notOk, maxPoolWait);
    }

    /** "sync: 25 waves of 400 ms - 100 requests on 4 slots, last answer at 10.0 s". */
    String caption() {
        String head = topology + ": " + waves + (waves == 1 ? " wave" : " waves") + " of "
                + ReportFormat.duration(serviceMs) + " - " + requests + " requests on " + slots
                + (slots == 1 ? " slot" : " slots") + ", last answer at " + ReportFormat.duration(lastEndMs)
                + (Double.isNaN(maxPoolWaitMs) ? "" : ", up to " + ReportFormat.duration(maxPoolWaitMs)
                        + " waiting for a database connection");
        return notOk == 0 ? head : head + ", " + notOk + " not 200 (red)";
    }

    private static int waves(double[] sortedDispatches, double serviceMs) {
        // Half a service time tells "the next wave" from "the same wave, a little late".
        double gap = Math.max(1, Double.isNaN(serviceMs) ? 0 : serviceMs / 2);
        int waves = 0;
        double waveStart = Double.NEGATIVE_INFINITY;
        for (double dispatch : sortedDispatches) {
            if (dispatch - waveStart > gap) {
                waves++;
                waveStart = dispatch;
            }
        }
        return waves;
    }
}
