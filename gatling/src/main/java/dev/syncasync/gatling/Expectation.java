package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.details;

import dev.syncasync.theory.Prediction;
import io.gatling.javaapi.core.Assertion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one named request (or group) of a simulation should measure, and how far from the
 * prediction a measurement may land and still agree with the theory.
 *
 * @param name       the Gatling request or group name the numbers are read from
 * @param tag        the {@code tag=} the requests carry, so the balancer's timeline can be matched
 * @param prediction what the theory predicts
 * @param band       how far a measurement may land from it
 * @param checked    which of p50, p95, max the assertions check (others are reported only)
 */
record Expectation(String name, String tag, Prediction prediction, Band band, List<String> checked) {

    /**
     * Accepts measurements in {@code [low * predicted, high * predicted + slackMs]}.
     */
    record Band(double low, double high, double slackMs) {

        int lowerBound(double predicted) {
            return (int) Math.floor(predicted * low);
        }

        int upperBound(double predicted) {
            return (int) Math.ceil(predicted * high + slackMs);
        }
    }

    /** Gatling assertions: no failed request, and each checked statistic inside the band. */
    List<Assertion> assertions() {
        List<Assertion> out = new ArrayList<>();
        out.add(details(name).failedRequests().count().is(0L));
        for (String stat : checked) {
            double predicted = switch (stat) {
                case "p50" -> prediction.p50();
                case "p95" -> prediction.p95();
                case "max" -> prediction.max();
                default -> throw new IllegalArgumentException("unknown statistic " + stat);
            };
            if (Double.isNaN(predicted)) {
                continue;
            }
            var metric = details(name).responseTime();
            var target = switch (stat) {
                case "p50" -> metric.percentile(50);
                case "p95" -> metric.percentile(95);
                default -> metric.max();
            };
            out.add(target.between(band.lowerBound(predicted), band.upperBound(predicted)));
        }
        return out;
    }

    Map<String, Object> toMap() {
        return Map.of("name", name, "tag", tag, "model", prediction.model(),
                "p50", prediction.p50(), "p95", prediction.p95(), "max", prediction.max(),
                "throughput", prediction.throughput(), "checked", checked,
                "band", Map.of("low", band.low(), "high", band.high(), "slackMs", band.slackMs()));
    }
}
