package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.details;

import dev.syncasync.measurements.RequestSamples;
import dev.syncasync.theory.Band;
import dev.syncasync.theory.Prediction;
import io.gatling.javaapi.core.Assertion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one named request (or group) of a simulation should measure, and how far from the
 * prediction a measurement may land and still agree with the theory. Every statistic the
 * prediction gives (not NaN) is checked: a number printed beside a prediction is asserted,
 * and a statistic the model cannot predict gets no prediction at all.
 *
 * @param name       the Gatling request or group name the numbers are read from
 * @param tag        the {@code tag=} the requests carry, so the balancer's timeline can be matched
 * @param prediction what the theory predicts
 * @param band       how far a measurement may land from it
 * @param group      whether the name is a group of requests one after another (its duration is measured)
 * @param cause      what most likely moved a measurement out of the band, for a row that disagrees
 */
record Expectation(String name, String tag, Prediction prediction, Band band, boolean group, String cause) {

    /** The statistics a prediction may give, in the table's order. */
    static final List<String> STATISTICS = List.of("p50", "p95", "max", "throughput");

    /** The statistics this expectation checks: every one the prediction gives. */
    List<String> checked() {
        return STATISTICS.stream().filter(s -> !Double.isNaN(predicted(s))).toList();
    }

    double predicted(String statistic) {
        return switch (statistic) {
            case "p50" -> prediction.p50();
            case "p95" -> prediction.p95();
            case "max" -> prediction.max();
            case "throughput" -> prediction.throughput();
            default -> throw new IllegalArgumentException("unknown statistic " + statistic);
        };
    }

    /**
     * Gatling assertions: no failed request, and each checked latency inside the band.
     * Throughput is checked by the lab itself ({@link #disagreements}): Gatling's requests per
     * second divide by the whole run, not by the request's own span.
     */
    List<Assertion> assertions() {
        List<Assertion> out = new ArrayList<>();
        out.add(details(name).failedRequests().count().is(0L));
        for (String stat : checked()) {
            if (stat.equals("throughput")) {
                continue;
            }
            double predicted = predicted(stat);
            var metric = details(name).responseTime();
            var target = switch (stat) {
                case "p50" -> metric.percentile(50);
                case "p95" -> metric.percentile(95);
                default -> metric.max();
            };
            out.add(target.between((int) band.lower(predicted), (int) band.upper(predicted)));
        }
        return out;
    }

    /** What the lab checks against {@code measured} (nearest rank, as the demo ranks): one line per statistic outside the band. */
    List<String> disagreements(RequestSamples.Stats measured) {
        List<String> out = new ArrayList<>();
        for (String stat : checked()) {
            double p = predicted(stat);
            double m = measured.get(stat);
            boolean in = stat.equals("throughput") ? band.containsRate(p, m) : band.contains(p, m);
            if (!in) {
                out.add(String.format(java.util.Locale.ROOT, "%s theory %.1f measured %.1f (%+.1f%%)", stat, p, m,
                        Prediction.relativeError(p, m) * 100));
            }
        }
        return out;
    }

    /** Each checked statistic as measured, beside its theory: {@code p50 2121 ms (theory 2137, -0.7%)}. */
    String describe(RequestSamples.Stats measured) {
        List<String> out = new ArrayList<>();
        for (String stat : checked()) {
            double p = predicted(stat);
            double m = measured.get(stat);
            boolean rate = stat.equals("throughput");
            String format = rate ? "%s %.1f/s (theory %.1f, %+.1f%%)" : "%s %.0f ms (theory %.0f, %+.1f%%)";
            out.add(String.format(java.util.Locale.ROOT, format, rate ? "req/s" : stat, m, p,
                    Prediction.relativeError(p, m) * 100));
        }
        return String.join(", ", out);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("tag", tag);
        m.put("group", group);
        m.put("model", prediction.model());
        m.put("p50", prediction.p50());
        m.put("p95", prediction.p95());
        m.put("max", prediction.max());
        m.put("throughput", prediction.throughput());
        m.put("checked", checked());
        m.put("band", Map.of("relative", band.relative(), "slackMs", band.slackMs(), "slackBelowMs", band.slackBelowMs()));
        m.put("cause", cause);
        return m;
    }
}
