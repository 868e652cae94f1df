package dev.syncasync.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncasync.measurements.Percentiles;
import dev.syncasync.measurements.RequestSamples.Sample;
import dev.syncasync.theory.Band;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One point of a sweep over {@code db.pool-size}: DatabaseBottleneck's burst on a lab whose
 * workers hold P connections in all, measured beside the prediction that run made (its
 * {@code lab.json}): {@code ceil(users / P)} waves of db plus the query's measured cost. The
 * verdict uses the run's own band (the lab's one band, never widened here).
 *
 * @param point         1-based position in the sweep
 * @param spec          the lab
 * @param users         requests at once
 * @param connections   P: requests of the pool in the database at once, as the run counted them
 * @param waves         ceil(users / P)
 * @param predictedP50  the theory's p50, ms
 * @param predictedMax  the theory's makespan (the slowest request), ms
 * @param measuredP50   nearest rank over the burst's requests, ms
 * @param measuredMax   the slowest request, ms: the makespan of a burst sent at once
 * @param band          the band the run judged by
 * @param failed        requests without a 200
 * @param model         the prediction's own words
 * @param disturbed     what the sweep's disturbance guard saw in every attempt at this point, or empty
 */
record DbPoolRow(int point, LabSpec spec, int users, int connections, int waves, double predictedP50,
                 double predictedMax, double measuredP50, double measuredMax, Band band, int failed, String model,
                 String disturbed) {

    /** This row, marked disturbed in every attempt ({@code why}) or not (empty). */
    DbPoolRow guarded(String why) {
        return new DbPoolRow(point, spec, users, connections, waves, predictedP50, predictedMax, measuredP50,
                measuredMax, band, failed, model, why);
    }

    /** Whether the guard found every attempt disturbed: no verdict, neither inside nor outside. */
    boolean isDisturbed() {
        return !disturbed.isEmpty();
    }

    /** Outside the band, and not disturbed: a disagreement. */
    boolean outside() {
        return !isDisturbed() && !inside();
    }

    /** "agrees", "DISAGREES", or "disturbed" (no verdict). */
    String verdict() {
        return isDisturbed() ? "disturbed" : inside() ? "agrees" : "DISAGREES";
    }

    /** Whether p50 and the makespan are inside the band and every request got its 200. */
    boolean inside() {
        return failed == 0 && band.contains(predictedP50, measuredP50) && band.contains(predictedMax, measuredMax);
    }

    /** The row of point {@code point}, from its Gatling report directory and its measured requests. */
    static DbPoolRow read(int point, LabSpec spec, Path report, List<Sample> samples) throws IOException {
        JsonNode summary = new ObjectMapper().readTree(report.resolve("lab.json").toFile());
        JsonNode e = summary.path("expectations").path(0);
        JsonNode p = summary.path("parameters");
        if (e.isMissingNode() || !e.path("max").isNumber() || !e.path("band").isObject()) {
            throw new ExperimentException("point " + point + ": " + report.resolve("lab.json") + " holds no prediction "
                    + "of the burst: not a DatabaseBottleneck run of this lab's version (./lab sweep --build rebuilds "
                    + "the images)");
        }
        JsonNode b = e.path("band");
        Band band = new Band(b.path("relative").asDouble(), b.path("slackMs").asDouble(), b.path("slackBelowMs").asDouble());
        int users = p.path("users").asInt(samples.size());
        int connections = p.path("connections").asInt(spec.connections());
        return of(point, spec, users, connections, e.path("p50").asDouble(Double.NaN), e.path("max").asDouble(Double.NaN),
                band, e.path("model").asText(""), samples);
    }

    /** The row for a burst predicted as given and measured as {@code samples}. */
    static DbPoolRow of(int point, LabSpec spec, int users, int connections, double predictedP50, double predictedMax,
                        Band band, String model, List<Sample> samples) {
        double[] sorted = samples.stream().mapToDouble(Sample::responseMs).sorted().toArray();
        double nan = Double.NaN;
        return new DbPoolRow(point, spec, users, connections, connections == 0 ? 0 : (users + connections - 1) / connections,
                predictedP50, predictedMax, sorted.length == 0 ? nan : Percentiles.nearestRank(sorted, 0.5),
                sorted.length == 0 ? nan : sorted[sorted.length - 1], band,
                (int) samples.stream().filter(s -> !s.ok()).count(), model, "");
    }

    /** The measured makespan's distance from the theory, in percent. */
    double maxErrorPercent() {
        return (measuredMax - predictedMax) / predictedMax * 100;
    }
}
