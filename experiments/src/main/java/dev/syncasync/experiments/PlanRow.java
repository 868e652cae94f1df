package dev.syncasync.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncasync.measurements.Percentiles;
import dev.syncasync.measurements.RequestSamples.Sample;
import dev.syncasync.theory.Band;
import dev.syncasync.theory.PoissonSchedule;
import dev.syncasync.theory.plan.Forecast;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One plan-grid point after its run: the plan's steady state, this run's prediction - the
 * run's own schedule (the plan's seed, the run's rate and duration) through the same FIFO queue
 * with the round trip and slot hold Gatling measured before it, as {@code ./lab plan --verify}
 * predicts - and what the clients measured, with the verdict of the lab's band
 * ({@link Band#standard}: +-15%, plus two round trips under 100 ms; never widened).
 *
 * @param point      the sweep's point number
 * @param plan       what was planned
 * @param roundTripMs the round trip Gatling measured before the run
 * @param holdMs     the slot hold it measured
 * @param run        the prediction for this run's schedule
 * @param measuredP50 the measured median, ms
 * @param measured   the measured objective statistic (the objective's percentile), ms
 * @param requests   requests measured
 * @param failed     requests that did not get a 200
 * @param attempts   how many times the point ran (the disturbance guard's re-runs)
 * @param disturbed  what disturbed it in every attempt ("" when the kept attempt was not disturbed)
 */
record PlanRow(int point, PlanPoint plan, double roundTripMs, double holdMs, Forecast run, double measuredP50,
               double measured, int requests, int failed, int attempts, String disturbed) {

    /** This row after the guard: its attempts, and what disturbed every one of them ("" when not). */
    PlanRow guarded(int attempts, String disturbed) {
        return new PlanRow(point, plan, roundTripMs, holdMs, run, measuredP50, measured, requests, failed, attempts,
                disturbed);
    }

    /** Disturbed in every attempt: neither inside nor outside its band, no verdict. */
    boolean isDisturbed() {
        return !disturbed.isEmpty();
    }

    /** Measured outside its band in a run the guard did not find disturbed: the prediction disagrees. */
    boolean outside() {
        return !isDisturbed() && !inside();
    }

    /** {@code inside}, {@code OUTSIDE} or {@code disturbed}. */
    String verdict() {
        return isDisturbed() ? "disturbed" : inside() ? "inside" : "OUTSIDE";
    }

    /** The lab's band for this run: its measured round trip decides the slack under 100 ms. */
    Band band() {
        return Band.standard(roundTripMs);
    }

    /** Whether the measurement lies inside the band around this run's prediction (and was not disturbed). */
    boolean inside() {
        return !isDisturbed() && band().contains(run.objective(), measured);
    }

    /** Whether what the clients measured meets the objective. */
    boolean meets() {
        return plan.objective().metBy(measured);
    }

    /**
     * The row of one point from its report's {@code lab.json} (what the simulation ran and the
     * costs it measured) and the samples of its {@code requests.csv}.
     */
    static PlanRow read(int point, PlanPoint plan, Path report, List<Sample> samples) throws IOException {
        JsonNode summary = new ObjectMapper().readTree(report.resolve("lab.json").toFile());
        JsonNode p = summary.path("parameters");
        double rt = p.path("overheadMs").asDouble(Double.NaN);
        double hold = p.path("holdMs").asDouble(Double.NaN);
        if (!Double.isFinite(rt) || !Double.isFinite(hold) || !p.path("rates").isArray() || !p.path("seed").isNumber()) {
            throw new ExperimentException("point " + point + ": " + report.resolve("lab.json") + " lacks the measured "
                    + "round trip and hold, the rates or the seed: not an OpenModelRamp run of this lab's version "
                    + "(./lab sweep --build rebuilds the images)");
        }
        int rate = p.path("rates").get(0).asInt();
        int io = p.path("io").asInt();
        double[] arrivals = PoissonSchedule.draw(rate, p.path("duration").asInt() * 1000.0, p.path("seed").asLong());
        JsonNode slots = summary.path("slots");
        int c = slots.isNumber() ? slots.asInt() : Integer.MAX_VALUE;
        Forecast run = Forecast.ofSchedule(arrivals, rate, c, io + hold, io + rt, plan.objective());
        return of(point, plan, rt, hold, run, samples);
    }

    /** The row for a run predicted as {@code run}, measured as {@code samples}. */
    static PlanRow of(int point, PlanPoint plan, double rt, double hold, Forecast run, List<Sample> samples) {
        double[] sorted = samples.stream().mapToDouble(Sample::responseMs).sorted().toArray();
        double nan = Double.NaN;
        return new PlanRow(point, plan, rt, hold, run, sorted.length == 0 ? nan : Percentiles.nearestRank(sorted, 0.5),
                sorted.length == 0 ? nan : Percentiles.nearestRank(sorted, plan.objective().quantile()), sorted.length,
                (int) samples.stream().filter(s -> !s.ok()).count(), 1, "");
    }
}
