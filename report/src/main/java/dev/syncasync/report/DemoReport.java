package dev.syncasync.report;

import dev.syncasync.theory.Prediction;
import java.util.List;

/**
 * Everything {@code ./lab demo} measured, ready to print and to render: the table of
 * predicted against measured values, the per-request timelines of the burst scenarios, and
 * the latency distributions of every scenario on both topologies.
 *
 * @param timestamp     when the demo started, as in the results directory's name
 * @param machine       what it ran on ("2 cores, OpenJDK 25.0.3")
 * @param command       the command that made it ("./lab demo")
 * @param elapsedSec    how long the whole demo took
 * @param rows          one per measured request name per topology, in run order
 * @param timelines     per-request timelines of the burst scenarios, both topologies
 * @param distributions latency samples of every row, for the sync-vs-async comparison
 * @param notes         remarks for the reader (what failed, what was skipped)
 */
public record DemoReport(String timestamp, String machine, String command, double elapsedSec, List<Row> rows,
                         List<Timeline> timelines, List<Distribution> distributions, List<String> notes) {

    /**
     * One measured request name of one simulation on one topology, beside its prediction.
     * Latencies in ms, throughput in requests per second; NaN where unknown (the theory has no
     * maximum for Poisson arrivals).
     *
     * @param simulation     the Gatling simulation ("HundredRequests")
     * @param request        the request (or group) name ("100 at once, io=400")
     * @param topology       {@code sync} or {@code async}
     * @param loadModel      {@code open} (latency from each request's intended send time, no
     *                       coordinated omission) or {@code closed} (a user waits for each answer)
     * @param model          how the theory predicted it ("batch: 100 at once on 4 slots, 25 waves of 401.8 ms")
     * @param predicted      the prediction
     * @param measured       what the clients saw
     * @param count          requests measured
     * @param failed         requests that failed
     * @param checked        which of p50, p95, max and throughput the simulation asserts: every one
     *                       it predicts
     * @param verdict        {@link #AGREES} (every checked statistic inside its band, on an undisturbed
     *                       machine), {@link #DISAGREES}, or {@link #DISTURBED} (the guard saw other processes
     *                       or stalls during the row, in every attempt: no verdict)
     * @param note           why it disagrees or was disturbed, and which attempts were run again; "" when none
     * @param attempts       how many times its simulation ran (1, or up to 3 when disturbed)
     * @param gatlingReport  the Gatling report's index.html, relative to the demo's index.html; null if none
     */
    public record Row(String simulation, String request, String topology, String loadModel, String model,
                      Stats predicted, Stats measured, int count, int failed, List<String> checked, String verdict,
                      String note, int attempts, String gatlingReport) {

        /** Whether the row agrees with the theory: inside every band, undisturbed. */
        public boolean agrees() {
            return AGREES.equals(verdict);
        }
    }

    /** Every checked statistic inside its band, on an undisturbed machine. */
    public static final String AGREES = "agrees";
    /** A checked statistic outside its band, on an undisturbed machine. */
    public static final String DISAGREES = "DISAGREES";
    /** Other processes or stalls took part of the machine during the row in every attempt: no verdict. */
    public static final String DISTURBED = "disturbed";

    /** Latency percentiles and maximum (ms) and throughput (requests per second). */
    public record Stats(double p50, double p95, double max, double throughput) {

        /** The relative error of {@code measured} against {@code predicted} for one statistic; NaN if unknown. */
        public static double error(double predicted, double measured) {
            return Prediction.relativeError(predicted, measured);
        }
    }

    /**
     * The per-request timeline of one burst on one topology, as the balancer recorded it.
     *
     * @param title    what ran ("100 at once, io=400")
     * @param topology {@code sync} or {@code async}
     * @param bars     one per request
     */
    public record Timeline(String title, String topology, List<Bar> bars) {
    }

    /**
     * One request on a timeline. Times in ms from the first arrival of its burst. The slot is
     * the worker's in-flight slot that served it (one per thread on a sync worker).
     *
     * @param worker     the worker id
     * @param slot       the worker's slot, 0-based
     * @param arrivalMs  when the balancer received it
     * @param dispatchMs when the balancer handed it to the worker (queue wait = dispatch - arrival)
     * @param endMs      when the balancer finished answering it (service = end - dispatch)
     * @param status     the HTTP status the client got
     * @param poolWaitMs how long the worker made it wait for a database connection ({@code X-Pool-Wait-Ms},
     *                   the balancer's timeline); NaN for a request without database work
     */
    public record Bar(String worker, int slot, double arrivalMs, double dispatchMs, double endMs, int status,
                      double poolWaitMs) {

        /** A request without database work. */
        public Bar(String worker, int slot, double arrivalMs, double dispatchMs, double endMs, int status) {
            this(worker, slot, arrivalMs, dispatchMs, endMs, status, Double.NaN);
        }

        /** Whether it waited for a database connection at all (it asked for database work). */
        public boolean pooled() {
            return !Double.isNaN(poolWaitMs);
        }

        /**
         * When its work began to hold what bounds it: the dispatch, or, for a database request, the
         * moment it got its connection (the lab's db requests wait for nothing before the pool).
         */
        public double startMs() {
            return pooled() ? dispatchMs + poolWaitMs : dispatchMs;
        }
    }

    /**
     * The latencies (ms, as clients saw them) of one request name on one topology.
     *
     * @param simulation the simulation
     * @param request    the request name
     * @param topology   {@code sync} or {@code async}
     * @param latencies  every latency, ascending
     */
    public record Distribution(String simulation, String request, String topology, List<Double> latencies) {
    }
}
