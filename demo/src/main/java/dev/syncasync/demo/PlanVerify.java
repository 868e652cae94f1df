package dev.syncasync.demo;

import dev.syncasync.commandline.Cli;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.lab.Lab;
import dev.syncasync.logging.Logging;
import dev.syncasync.measurements.Attempts;
import dev.syncasync.measurements.Disturbance;
import dev.syncasync.theory.plan.Objective;
import dev.syncasync.theory.plan.PoolPlan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./lab plan --verify}: runs the chosen pool's recommendation ({@code --pool}, sync by
 * default) and the next smaller configuration if it has one (the async and uncapped virtual
 * pools answer one worker: nothing smaller), one after the other, each in a lab of its own on
 * free ports, under Gatling's
 * open model ({@code OpenModelRamp}: the plan's seeded Poisson schedule at the plan's rate,
 * injected exactly), and puts each one's measured latencies beside the plan's steady state and
 * the prediction for that very schedule with the costs Gatling measured before it. The
 * prediction is held to the lab's band; the objective to what was measured. The demo's
 * disturbance guard ({@link Guard}) watches the calibration and each run: a disturbed one runs
 * again (at most {@link Guard#ATTEMPTS} times in all), and a run disturbed in every attempt has no
 * verdict (exit code 3), neither agreeing nor disagreeing.
 */
final class PlanVerify {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final long startNanos = System.nanoTime();
    private final PrintWriter out;

    private PlanVerify(PrintWriter out) {
        this.out = out;
    }

    /** What --verify can run, checked before anything is planned or started. */
    static void check(CommandSpec spec, Objective objective, double rate, int cpu, String pool) {
        if (objective.waitOnly()) {
            throw Cli.usage(spec, "--verify checks a latency objective (--slo pNN=TIME): the clients measure latencies");
        }
        if (rate != Math.rint(rate)) {
            throw Cli.usage(spec, "--verify needs a whole --rate (the open model's steps are whole requests per "
                    + "second), got " + rate);
        }
        if (cpu != 0) {
            throw Cli.usage(spec, "--verify runs io-only requests for now (the open model sends io=); got --cpu " + cpu);
        }
    }

    /**
     * Runs the verification with the simulations built under {@code home}, printing to {@code out};
     * returns the exit code (0 it holds, 1 it does not or could not run, 2 nothing built, 3 nothing
     * failed but a run was disturbed by other processes or stalls in every attempt ({@link Guard})).
     */
    static int run(PlanCommand.Plan plan, Path home, Path configFile, Path results, int durationS, PrintWriter out)
            throws Exception {
        try {
            GatlingProcess.classpath(home);
        } catch (IllegalStateException e) {
            throw new dev.syncasync.commandline.UserError(e.getMessage());
        }
        return new PlanVerify(out).verify(plan, home, configFile, results, durationS);
    }

    private int verify(PlanCommand.Plan plan, Path home, Path configFile, Path results, int durationS) throws Exception {
        PoolPlan chosen = plan.of(plan.pool());
        if (!chosen.meets()) {
            out.println("\nverify: nothing to run: the " + plan.pool() + " pool has no configuration that meets "
                    + plan.objective().describe());
            return Cli.FAILED;
        }
        Path dir = results.resolve(LocalDateTime.now().format(STAMP)).toAbsolutePath();
        Files.createDirectories(dir);
        Logging.onlyTo(dir.resolve("lab.log"));
        LabConfig base = Demo.demoConfig(ConfigLoader.load(configFile, Demo.demoEnvironment()));
        List<Integer> sizes = chosen.smaller() == null ? List.of(chosen.workers())
                : List.of(chosen.workers(), chosen.smallerWorkers());
        out.printf(Locale.ROOT, "%nverify: %s, then %s, %d s of arrivals each at %s req/s (seed %d), each in a "
                + "lab of its own on free ports; results in %s%n", PlanReport.configuration(plan.pool(),
                sizes.get(0), chosen.perWorker()), sizes.size() > 1 ? PlanReport.configuration(plan.pool(), sizes.get(1),
                chosen.perWorker()) : "nothing smaller", durationS, PlanReport.num(plan.demand().ratePerSec()), plan.seed(),
                dir);
        List<PlanCheck.Row> rows = new ArrayList<>();
        try (Guard guard = Guard.start(Set.of(), dir.resolve("stalls-gatling.csv"))) {
            for (int i = 0; i < sizes.size(); i++) {
                int workers = sizes.get(i);
                PlanCheck.Row row = runOne(plan, chosen.perWorker(), base, home, dir, workers,
                        i == 0 ? chosen.forecast() : chosen.smaller(), durationS, guard);
                if (row == null) {
                    return Cli.FAILED;
                }
                rows.add(row);
            }
        }
        PlanCheck.Outcome outcome = PlanCheck.judge(rows, plan.objective());
        out.print(PlanCheck.render(rows, plan.objective(), outcome));
        out.flush();
        return outcome.exitCode();
    }

    private PlanCheck.Row runOne(PlanCommand.Plan plan, int perWorker, LabConfig base, Path home, Path dir, int workers,
                                 dev.syncasync.theory.plan.Forecast planned, int durationS, Guard guard) throws Exception {
        String pool = plan.pool();
        String label = PlanReport.configuration(pool, workers, perWorker);
        LabConfig config = sized(base, pool, workers, perWorker);
        say(label + ": starting the lab");
        Lab lab = Lab.start(config);
        try {
            String name = pool + "-" + workers + "x" + perWorker;
            try (GatlingProcess gatling = GatlingProcess.start(home, lab.url(), lab.adminUrl(),
                    Map.of("lab.stallsFile", guard.gatlingStalls().toString()), dir.resolve(name),
                    dir.resolve(name + ".log"), line -> progress(label, line))) {
                guard.watchGatling(gatling.pid());
                calibrate(label, gatling, guard, durationS);
                Scenario scenario = new Scenario("OpenModelRamp", Map.of(
                        "io", PlanReport.num(plan.demand().ioMs()).replace(",", ""),
                        "rates", Long.toString(Math.round(plan.demand().ratePerSec())),
                        "duration", Integer.toString(durationS), "seed", Long.toString(plan.seed())),
                        List.of(pool), false);
                Attempts<PlanCheck.Row> tried = Attempts.measure(attempt -> {
                    System.gc(); // this JVM (the lab) collects now, outside the measurement
                    GatlingProcess.Result result = gatling.run(scenario);
                    if (result.report() == null || !Files.exists(result.report().resolve("lab.json"))) {
                        say(label + ": the simulation did not run; see " + dir.resolve(name + ".log"));
                        return null;
                    }
                    return PlanCheck.read(label, perWorker == 0 ? Integer.MAX_VALUE : workers * perWorker, planned,
                            result.report(), dir, plan.objective());
                }, row -> guard.check(row.fromMs(), row.toMs(), row.stallLimitMs()),
                        why -> say(label + ": disturbed (" + why + "): running it again"));
                if (tried.result() == null) {
                    return null;
                }
                PlanCheck.Row row = tried.result().after(tried);
                say(String.format(Locale.ROOT, "%s: %d requests, measured p50 %s ms, %s %s ms%s", label, row.requests(),
                        PlanReport.ms(row.measuredP50()), plan.objective().statistic(), PlanReport.ms(row.measured()),
                        row.isDisturbed() ? ", disturbed in all " + row.attempts() + " attempts"
                                : row.attempts() > 1 ? " (attempt " + row.attempts() + ")" : ""));
                return row;
            }
        } finally {
            lab.shutdown(Duration.ofSeconds(5));
        }
    }

    /**
     * Calibrates again (at most twice) while the guard finds the calibration disturbed, as the
     * demo does; when every attempt was, the least disturbed one's costs are used, and said so.
     */
    private void calibrate(String label, GatlingProcess gatling, Guard guard, int durationS) throws Exception {
        GatlingProcess.Calibration best = null;
        double bestBadness = Double.POSITIVE_INFINITY;
        GatlingProcess.Calibration c = gatling.calibration();
        for (int attempt = 1; c != null; attempt++) {
            Disturbance d = guard.check(c.startMs(), c.endMs(), Guard.STALL_FLOOR_MS);
            double others = Double.isNaN(d.othersCores()) ? 0 : d.othersCores();
            double badness = d.disturbed() ? others + Math.max(d.labStallMs(), d.gatlingStallMs()) / 100 : -1;
            if (badness < bestBadness) {
                best = c;
                bestBadness = badness;
            }
            if (!d.disturbed()) {
                break;
            }
            if (attempt == Guard.ATTEMPTS) {
                say(label + ": calibration disturbed in all " + Guard.ATTEMPTS + " attempts: predicting with the least "
                        + "disturbed one's costs");
                break;
            }
            say(label + ": calibration disturbed (" + d.describe() + "): calibrating again");
            c = gatling.recalibrate();
        }
        if (best != null) {
            gatling.use(best);
            say(String.format(Locale.ROOT, "%s: Gatling measured a round trip of %.1f ms and a slot hold of %.2f ms; "
                    + "now %d s of arrivals", label, best.roundTripMs(), best.holdMs(), durationS));
        }
    }

    /**
     * The lab for one configuration: {@code pool} active with {@code workers} of {@code perWorker}
     * (sync threads, async event loops, virtual max-concurrent, 0 = no limit); the other pools
     * kept to one small worker each, so they cost the machine little.
     */
    static LabConfig sized(LabConfig base, String pool, int workers, int perWorker) {
        LabConfig small = base.withSync(base.sync().withSize(1, 1)).withAsync(base.async().withSize(1, 1))
                .withVirtual(base.virtual().withWorkers(1));
        return switch (pool) {
            case "sync" -> small.withSync(base.sync().withSize(workers, perWorker));
            case "async" -> small.withTopology(Topology.ASYNC).withAsync(base.async().withSize(workers, perWorker));
            case "virtual" -> small.withTopology(Topology.VIRTUAL)
                    .withVirtual(base.virtual().withWorkers(workers).withMaxConcurrent(perWorker));
            default -> throw new IllegalArgumentException("no pool " + pool);
        };
    }

    private void progress(String label, String line) {
        // A run's own DISAGREES line is left out: the guard may find that run disturbed; the table says the verdict.
        if (line.contains("could not run")) {
            say(label + ": " + line);
        }
    }

    private void say(String line) {
        out.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
        out.flush();
    }
}
