package dev.syncasync.demo;

import dev.syncasync.commandline.Cli;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.lab.Lab;
import dev.syncasync.logging.Logging;
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
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./lab plan --verify}: runs the sync pool's recommendation and the next smaller
 * configuration, one after the other, each in a lab of its own on free ports, under Gatling's
 * open model ({@code OpenModelRamp}: the plan's seeded Poisson schedule at the plan's rate,
 * injected exactly), and puts each one's measured latencies beside the plan's steady state and
 * the prediction for that very schedule with the costs Gatling measured before it. The
 * prediction is held to the lab's band; the objective to what was measured.
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
        if (!pool.equals("sync")) {
            throw Cli.usage(spec, "--verify runs the sync pool's answer (--pool sync): the async pool's has no smaller "
                    + "configuration for io-only work");
        }
    }

    /**
     * Runs the verification with the simulations built under {@code home}, printing to {@code out};
     * returns the exit code (0 it holds, 1 it does not or could not run, 2 nothing built).
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
        PoolPlan sync = plan.of("sync");
        if (!sync.meets()) {
            out.println("\nverify: nothing to run: the sync pool has no configuration that meets "
                    + plan.objective().describe());
            return Cli.FAILED;
        }
        Path dir = results.resolve(LocalDateTime.now().format(STAMP)).toAbsolutePath();
        Files.createDirectories(dir);
        Logging.onlyTo(dir.resolve("lab.log"));
        LabConfig base = Demo.demoConfig(ConfigLoader.load(configFile, Demo.demoEnvironment()));
        List<Integer> sizes = sync.smaller() == null ? List.of(sync.workers()) : List.of(sync.workers(), sync.smallerWorkers());
        out.printf(Locale.ROOT, "%nverify: %s, then %s, %d s of arrivals each at %s req/s (seed %d), each in a "
                + "lab of its own on free ports; results in %s%n", PlanReport.configuration("sync", sizes.get(0),
                plan.threads()), sizes.size() > 1 ? PlanReport.configuration("sync", sizes.get(1), plan.threads())
                : "nothing smaller", durationS, PlanReport.num(plan.demand().ratePerSec()), plan.seed(), dir);
        List<PlanCheck.Row> rows = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            int workers = sizes.get(i);
            PlanCheck.Row row = runOne(plan, base, home, dir, workers, i == 0 ? sync.forecast() : sync.smaller(), durationS);
            if (row == null) {
                return Cli.FAILED;
            }
            rows.add(row);
        }
        PlanCheck.Outcome outcome = PlanCheck.judge(rows, plan.objective());
        out.print(PlanCheck.render(rows, plan.objective(), outcome));
        out.flush();
        return outcome.holds() ? Cli.OK : Cli.FAILED;
    }

    private PlanCheck.Row runOne(PlanCommand.Plan plan, LabConfig base, Path home, Path dir, int workers,
                                 dev.syncasync.theory.plan.Forecast planned, int durationS) throws Exception {
        String label = PlanReport.configuration("sync", workers, plan.threads());
        LabConfig config = base.withSync(base.sync().withSize(workers, plan.threads())).withAsync(base.async().withSize(1, 1));
        say(label + ": starting the lab");
        Lab lab = Lab.start(config);
        try {
            String name = "sync-" + workers + "x" + plan.threads();
            try (GatlingProcess gatling = GatlingProcess.start(home, lab.url(), lab.adminUrl(), Map.of(),
                    dir.resolve(name), dir.resolve(name + ".log"), line -> progress(label, line))) {
                GatlingProcess.Calibration c = gatling.calibration();
                if (c != null) {
                    say(String.format(Locale.ROOT, "%s: Gatling measured a round trip of %.1f ms and a slot hold of "
                            + "%.2f ms; now %d s of arrivals", label, c.roundTripMs(), c.holdMs(), durationS));
                }
                GatlingProcess.Result result = gatling.run(new Scenario("OpenModelRamp", Map.of(
                        "io", PlanReport.num(plan.demand().ioMs()).replace(",", ""),
                        "rates", Long.toString(Math.round(plan.demand().ratePerSec())),
                        "duration", Integer.toString(durationS), "seed", Long.toString(plan.seed())),
                        List.of("sync"), false));
                if (result.report() == null || !Files.exists(result.report().resolve("lab.json"))) {
                    say(label + ": the simulation did not run; see " + dir.resolve(name + ".log"));
                    return null;
                }
                PlanCheck.Row row = PlanCheck.read(label, workers * plan.threads(), planned, result.report(), dir,
                        plan.objective());
                say(String.format(Locale.ROOT, "%s: %d requests, measured p50 %s ms, %s %s ms", label, row.requests(),
                        PlanReport.ms(row.measuredP50()), plan.objective().statistic(), PlanReport.ms(row.measured())));
                return row;
            }
        } finally {
            lab.shutdown(Duration.ofSeconds(5));
        }
    }

    private void progress(String label, String line) {
        if (line.contains("could not run") || line.startsWith("DISAGREES")) {
            say(label + ": " + line);
        }
    }

    private void say(String line) {
        out.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
        out.flush();
    }
}
