package dev.syncasync.demo;

import dev.syncasync.commandline.Cli;
import dev.syncasync.measurements.Attempts;
import dev.syncasync.measurements.Percentiles;
import dev.syncasync.measurements.RequestSamples;
import dev.syncasync.theory.Band;
import dev.syncasync.theory.PoissonSchedule;
import dev.syncasync.theory.Prediction;
import dev.syncasync.theory.SlotQueue;
import dev.syncasync.theory.plan.Forecast;
import dev.syncasync.theory.plan.Objective;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code --verify}'s comparison, one row per configuration run: the plan's steady state, the
 * prediction for the schedule that ran (the same seeded arrivals through the same FIFO queue,
 * with the round trip and slot hold Gatling measured before it), and what the clients measured.
 * The prediction is held to the lab's band ({@link Band#standard}: p50, p95, max and throughput by
 * the simulation's own checks, the objective's percentile here); the objective is judged on
 * the measurement.
 */
final class PlanCheck {

    private PlanCheck() {
    }

    /**
     * One configuration's run.
     *
     * @param label         {@code 5 workers x 1 thread}
     * @param slots         its slots
     * @param planned       the plan's steady-state forecast
     * @param runP50        the predicted median for the schedule that ran, ms
     * @param run           the predicted objective statistic for that schedule, ms
     * @param measuredP50   the measured median, ms
     * @param measured      the measured objective statistic, ms
     * @param requests      requests measured
     * @param disagreements each statistic outside its band, with the likely cause; empty when it agrees
     * @param fromMs        when its requests began (epoch ms), for the disturbance guard
     * @param toMs          when they ended
     * @param smallestMs    its smallest checked prediction, which sets the stall it can absorb
     * @param attempts      how many times it ran ({@link Guard#measure})
     * @param disturbed     what disturbed it in every attempt ("" when the last attempt was not disturbed)
     */
    record Row(String label, int slots, Forecast planned, double runP50, double run, double measuredP50, double measured,
               int requests, List<String> disagreements, long fromMs, long toMs, double smallestMs, int attempts,
               String disturbed) {

        /** Agrees with its prediction: inside the band and not disturbed. */
        boolean agrees() {
            return disagreements.isEmpty() && !isDisturbed();
        }

        /** Disturbed in every attempt: no verdict on it. */
        boolean isDisturbed() {
            return !disturbed.isEmpty();
        }

        /** The stall it can absorb ({@link Guard#stallLimit}). */
        double stallLimitMs() {
            return Guard.stallLimit(smallestMs);
        }

        /** This row after {@code tried}: its attempt count, and disturbed when every attempt was. */
        Row after(Attempts<Row> tried) {
            return new Row(label, slots, planned, runP50, run, measuredP50, measured, requests, disagreements, fromMs, toMs,
                    smallestMs, tried.attempts(), tried.disturbed() ? String.join("; ", tried.disturbances()) : "");
        }
    }

    /**
     * The verdict on the rows: whether a row that was not disturbed showed the recommendation
     * failing ({@code failed}), whether some row had no verdict because the guard found it
     * disturbed in every attempt, and the lines that say so.
     */
    record Outcome(boolean failed, boolean disturbed, List<String> lines) {

        /** The recommendation met the objective and the next smaller one missed it, nothing disturbed. */
        boolean holds() {
            return !failed && !disturbed;
        }

        /** 0 it holds; 1 it failed (even if another row was disturbed); 3 nothing failed but a row was disturbed. */
        int exitCode() {
            return failed ? Cli.FAILED : disturbed ? Demo.DISTURBED : Cli.OK;
        }
    }

    /** Reads one run's {@code lab.json} and {@code requests.csv} (an OpenModelRamp report) into a row. */
    static Row read(String label, int slots, Forecast planned, Path report, Path root, Objective objective)
            throws IOException {
        Measurements.Run run = Measurements.read(report, root);
        Measurements.Measured only = run.rows().get(0);
        JsonObject summary = new JsonObject(Files.readString(report.resolve("lab.json")));
        JsonObject p = summary.getJsonObject("parameters");
        double rt = p.getDouble("overheadMs");
        double hold = p.getDouble("holdMs");
        int io = p.getInteger("io");
        int rate = ((Number) p.getJsonArray("rates").getValue(0)).intValue();
        double[] arrivals = PoissonSchedule.draw(rate, p.getInteger("duration") * 1000.0, p.getLong("seed"));
        // An unlimited pool (async, uncapped virtual) writes "slots": null: nobody waits for a slot.
        Integer runSlots = summary.getInteger("slots");
        int c = runSlots != null ? runSlots : summary.containsKey("slots") ? Integer.MAX_VALUE : slots;
        double[] predicted = SlotQueue.latencies(arrivals, c, io + hold, io + rt);
        Arrays.sort(predicted);
        String tag = RequestSamples.tag(only.row().request());
        double[] measured = RequestSamples.read(report.resolve("requests.csv")).stream()
                .filter(s -> RequestSamples.tag(s.name()).equals(tag)).mapToDouble(s -> s.responseMs()).sorted().toArray();
        double runStat = Percentiles.nearestRank(predicted, objective.quantile());
        double measuredStat = Percentiles.nearestRank(measured, objective.quantile());
        List<String> off = new ArrayList<>();
        if (!only.row().agrees()) {
            off.add(only.row().note());
        }
        Band band = Band.standard(rt);
        if (!band.contains(runStat, measuredStat)) {
            JsonArray expectations = summary.getJsonArray("expectations", new JsonArray());
            String cause = expectations.isEmpty() ? "unknown" : expectations.getJsonObject(0).getString("cause", "unknown");
            off.add(String.format(Locale.ROOT, "%s %s by %+.1f%% (band %s) - likely cause: %s", objective.statistic(),
                    measuredStat > runStat ? "above" : "below", Prediction.relativeError(runStat, measuredStat) * 100,
                    band, cause));
        }
        return new Row(label, c, planned, Percentiles.nearestRank(predicted, 0.5),
                runStat, Percentiles.nearestRank(measured, 0.5), measuredStat, measured.length, off, only.fromMs(),
                only.toMs(), Math.min(only.smallestMs(), runStat), 1, "");
    }

    /**
     * Holds when the first row (the recommendation) agrees with its prediction and meets the
     * objective, and the second (the next smaller), if any, agrees and misses it. A row disturbed
     * in every attempt has no verdict, neither on its prediction nor on the objective.
     */
    static Outcome judge(List<Row> rows, Objective objective) {
        List<String> lines = new ArrayList<>();
        boolean failed = false;
        boolean disturbed = false;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.isDisturbed()) {
                disturbed = true;
                lines.add(String.format(Locale.ROOT, "%s was DISTURBED in all %d attempts, no verdict on it: %s",
                        r.label(), r.attempts(), r.disturbed()));
                continue;
            }
            boolean meets = objective.metBy(r.measured());
            if (!r.agrees()) {
                failed = true;
                lines.add(r.label() + " DISAGREES with its prediction: " + String.join("; ", r.disagreements()));
            }
            if (i == 0 && !meets) {
                failed = true;
                lines.add(String.format(Locale.ROOT, "%s MISSED %s: measured %s ms", r.label(), objective.describe(),
                        PlanReport.ms(r.measured())));
            }
            if (i == 1 && meets) {
                failed = true;
                lines.add(String.format(Locale.ROOT, "%s met %s in this run (measured %s ms)%s", r.label(),
                        objective.describe(), PlanReport.ms(r.measured()), objective.metBy(r.run())
                                ? ": this schedule's prediction (" + PlanReport.ms(r.run()) + " ms) meets it too - its "
                                + "arrivals were kinder than the steady state; a longer --duration or another --seed shows the miss"
                                : ""));
            }
        }
        if (!failed && !disturbed) {
            lines.add(String.format(Locale.ROOT, "the recommendation holds: %s met %s (measured %s ms)%s", rows.get(0).label(),
                    objective.describe(), PlanReport.ms(rows.get(0).measured()), rows.size() < 2 ? " (nothing smaller to run)"
                            : String.format(Locale.ROOT, " and %s missed it (measured %s ms): the smallest that meets it",
                            rows.get(1).label(), PlanReport.ms(rows.get(1).measured()))));
        } else if (!failed) {
            lines.add("no verdict: nothing disagrees, but other processes or stalls disturbed a run in every attempt "
                    + "(exit 3); run it again on a quieter machine");
        }
        return new Outcome(failed, disturbed, lines);
    }

    static String render(List<Row> rows, Objective objective, Outcome outcome) {
        String stat = objective.statistic();
        StringBuilder out = new StringBuilder("\n");
        String fmt = "%-24s %8s   %-22s   %-22s   %-14s %s%n";
        out.append(String.format(Locale.ROOT, fmt, "configuration", "requests", "p50 ms: plan/run/meas.",
                stat + " ms: plan/run/meas.", "objective", "prediction"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, fmt, r.label(), r.requests(),
                    PlanReport.ms(r.planned().p50()) + " / " + PlanReport.ms(r.runP50()) + " / " + PlanReport.ms(r.measuredP50()),
                    PlanReport.ms(r.planned().objective()) + " / " + PlanReport.ms(r.run()) + " / " + PlanReport.ms(r.measured()),
                    r.isDisturbed() ? "no verdict" : objective.metBy(r.measured()) ? "meets" : "misses",
                    r.isDisturbed() ? "disturbed" : r.agrees() ? "agrees" : "DISAGREES"));
        }
        out.append("plan = the steady state of ").append(String.format(Locale.ROOT, "%,d", Forecast.ARRIVALS))
                .append(" arrivals; run = this run's arrivals through the same queue with the costs Gatling measured "
                        + "before it (asserted: +-15%, plus two round trips under 100 ms); meas. = what the clients "
                        + "measured, from each request's intended send time; a run the disturbance guard found "
                        + "disturbed (other processes' CPU, a stall) runs again, at most " + Guard.ATTEMPTS + " times in all\n");
        outcome.lines().forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }
}
