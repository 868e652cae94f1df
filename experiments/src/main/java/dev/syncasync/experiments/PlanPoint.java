package dev.syncasync.experiments;

import dev.syncasync.theory.plan.Forecast;
import dev.syncasync.theory.plan.Objective;
import java.util.List;
import java.util.Locale;

/**
 * One point of a plan grid ({@code plan:} in a sweep file): a configuration {@code ./lab plan}
 * chose for a rate, an io and an objective - its answer, or the next smaller one, which the
 * planner says misses - to be measured under {@code OpenModelRamp} at that rate with the plan's seed.
 *
 * @param rate      arrivals per second
 * @param io        what each request waits, ms
 * @param objective the objective the plan was made for
 * @param seed      the plan's seed, which OpenModelRamp draws the run's schedule with
 * @param durationS seconds of arrivals the run injects
 * @param answer    true for the planner's answer, false for the next smaller configuration
 * @param spec      the lab: pool kind, workers, slots per worker
 * @param planned   the plan's steady-state forecast for this configuration
 */
record PlanPoint(int rate, int io, Objective objective, long seed, int durationS, boolean answer, LabSpec spec,
                 Forecast planned) {

    /** The simulation's parameters that make this point's run: one step of {@code rate}, the plan's seed. */
    List<String> parameters() {
        return List.of("io=" + io, "rates=" + rate, "duration=" + durationS, "seed=" + seed);
    }

    /** {@code answer} or {@code next smaller}. */
    String role() {
        return answer ? "answer" : "next smaller";
    }

    /** {@code 30/s io=100 p99 <= 250 ms}. */
    String demand() {
        return String.format(Locale.ROOT, "%d/s io=%d %s", rate, io, objective.describe());
    }
}
