package dev.syncasync.demo;

import dev.syncasync.commandline.Cli;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
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
 * {@code ./lab plan --verify}: runs the chosen pool's recommendation ({@code --pool}, sync by
 * default) and the next smaller configuration if it has one (the async and uncapped virtual
 * pools answer one worker: nothing smaller), one after the other, each in a lab of its own on
 * free ports, under Gatling's
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
        for (int i = 0; i < sizes.size(); i++) {
            int workers = sizes.get(i);
            PlanCheck.Row row = runOne(plan, chosen.perWorker(), base, home, dir, workers,
                    i == 0 ? chosen.forecast() : chosen.smaller(), durationS);
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

    private PlanCheck.Row runOne(PlanCommand.Plan plan, int perWorker, LabConfig base, Path home, Path dir, int workers,
                                 dev.syncasync.theory.plan.Forecast planned, int durationS) throws Exception {
        String pool = plan.pool();
        String label = PlanReport.configuration(pool, workers, perWorker);
        LabConfig config = sized(base, pool, workers, perWorker);
        say(label + ": starting the lab");
        Lab lab = Lab.start(config);
        try {
            String name = pool + "-" + workers + "x" + perWorker;
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
                        List.of(pool), false));
                if (result.report() == null || !Files.exists(result.report().resolve("lab.json"))) {
                    say(label + ": the simulation did not run; see " + dir.resolve(name + ".log"));
                    return null;
                }
                PlanCheck.Row row = PlanCheck.read(label, perWorker == 0 ? Integer.MAX_VALUE : workers * perWorker,
                        planned, result.report(), dir, plan.objective());
                say(String.format(Locale.ROOT, "%s: %d requests, measured p50 %s ms, %s %s ms", label, row.requests(),
                        PlanReport.ms(row.measuredP50()), plan.objective().statistic(), PlanReport.ms(row.measured())));
                return row;
            }
        } finally {
            lab.shutdown(Duration.ofSeconds(5));
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
        if (line.contains("could not run") || line.startsWith("DISAGREES")) {
            say(label + ": " + line);
        }
    }

    private void say(String line) {
        out.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
        out.flush();
    }
}
