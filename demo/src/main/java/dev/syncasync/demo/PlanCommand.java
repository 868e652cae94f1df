package dev.syncasync.demo;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.UserError;
import dev.syncasync.commandline.Version;
import dev.syncasync.theory.plan.Capacity;
import dev.syncasync.theory.plan.Costs;
import dev.syncasync.theory.plan.Demand;
import dev.syncasync.theory.plan.Objective;
import dev.syncasync.theory.plan.PoolPlan;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./lab plan --rate R --io MS [--cpu MS] --slo p99=250ms [--cores N] [--write FILE] [--verify]}:
 * the smallest configuration of each pool kind that meets a latency objective, predicted by the
 * model the lab asserts, with what it costs in cores and memory; optionally written as a topology
 * file, and with {@code --verify} run on real servers beside the next smaller configuration.
 */
@Command(name = "plan", header = "How many workers? The smallest configuration per pool kind that meets a latency objective.",
        mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Open Poisson arrivals at --rate, each request waiting --io ms then computing --cpu ms, through "
                + "the balancer's FIFO queue into the pool's slots: the model ./lab demo asserts, run on a seeded "
                + "schedule of 200,000 arrivals. Prints, per pool kind, the smallest configuration meeting --slo with its "
                + "predicted p50/p99, utilisation, CPU and memory (each cost with where the lab measured it). --verify "
                + "then runs it, and the next smaller one, on real servers with Gatling."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:planned (with --verify: the recommendation met the objective and the next smaller one missed it)",
            "1:--verify: the measurements did not show that, or the run failed; --write: the chosen pool cannot meet it",
            "2:a missing or bad value, an objective no configuration can meet, a rate the cores cannot carry",
            "3:--verify: nothing failed, but other processes or stalls disturbed a run in every attempt: no verdict"})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rate", paramLabel = "R", description = "Arrivals per second (Poisson), e.g. 30.")
    Double rate;

    @Option(names = "--io", paramLabel = "MS", description = "What each request waits (a database, a remote call), ms.")
    Integer io;

    @Option(names = "--cpu", paramLabel = "MS", description = "What each request computes, ms (default: ${DEFAULT-VALUE}).")
    int cpu;

    @Option(names = "--slo", paramLabel = "OBJECTIVE", description = "pNN=TIME, a latency percentile (p99=250ms, "
            + "p50=120, p99.9=1s), or wait=TIME, the 99th percentile of the queue wait.")
    String slo;

    @Option(names = "--cores", paramLabel = "N", description = "The cores the workers compute on (default: this "
            + "machine's, ${DEFAULT-VALUE}).")
    int cores = Runtime.getRuntime().availableProcessors();

    @Option(names = "--memory", paramLabel = "MIB", description = "The memory a configuration must fit in, MiB "
            + "(default: this machine's, ${DEFAULT-VALUE}).")
    long memoryMiB = machineMemoryMiB();

    @Option(names = "--threads", paramLabel = "N", description = "Threads per sync worker (default: ${DEFAULT-VALUE}, "
            + "like gunicorn's sync workers).")
    int threads = 1;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "Requests one virtual worker serves at once "
            + "(virtual.max-concurrent; default: ${DEFAULT-VALUE} = no limit).")
    int maxConcurrent;

    @Option(names = "--round-trip", paramLabel = "MS", description = "What a request pays besides its work (default: "
            + "${DEFAULT-VALUE}, docs/theory.md).")
    double roundTripMs = Costs.LAB.roundTripMs();

    @Option(names = "--hold", paramLabel = "MS", description = "How much longer than its work a request holds its "
            + "slot (default: ${DEFAULT-VALUE}, docs/theory.md).")
    double holdMs = Costs.LAB.holdMs();

    @Option(names = "--seed", paramLabel = "N", description = "The Poisson schedule's seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--pool", paramLabel = "sync|async|virtual", description = "The pool --write makes active and --verify "
            + "runs (default: ${DEFAULT-VALUE}).")
    String pool = "sync";

    @Option(names = "--write", paramLabel = "FILE", description = "Write the configuration as a topology file "
            + "(./lab up FILE runs it).")
    Path write;

    @Option(names = "--verify", description = "Run the recommendation and the next smaller configuration on this "
            + "machine (the lab on free ports, Gatling's open model at --rate) and compare with the prediction.")
    boolean verify;

    @Option(names = "--duration", paramLabel = "S", description = "--verify: seconds of arrivals per configuration "
            + "(default: ${DEFAULT-VALUE}).")
    int durationS = 45;

    @Option(names = "--config", paramLabel = "FILE", description = "--verify: the lab's settings besides the pools "
            + "(default: ${DEFAULT-VALUE}).")
    Path config = Path.of("config/topology.yml");

    @Option(names = "--results", paramLabel = "DIR", description = "--verify: where the Gatling reports go "
            + "(default: ${DEFAULT-VALUE}).")
    Path results = Path.of("results", "plan");

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.print(PlanReport.render(plan));
        int exit = Cli.OK;
        if (write != null) {
            exit = PlanFile.write(write, plan, Cli.typedArgs(spec), out);
        }
        out.flush();
        if (verify && exit == Cli.OK) {
            out.flush();
            Path home = Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
            exit = PlanVerify.run(plan, home, config, results, durationS, out);
        }
        return exit;
    }

    /** The validated inputs and every kind's answer. */
    record Plan(Demand demand, Objective objective, Costs costs, long seed, int threads, String pool,
                List<PoolPlan> pools) {

        /** The plan of the pool named {@code name}. */
        PoolPlan of(String name) {
            return pools.stream().filter(p -> p.kind().equals(name)).findFirst().orElseThrow();
        }
    }

    /** Checks every input, naming the option at fault, and plans. */
    Plan plan() {
        requirePresent();
        Objective objective;
        try {
            objective = Objective.parse(slo);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, "Invalid value for option '--slo': " + e.getMessage());
        }
        if (!(rate > 0 && rate <= 1_000_000)) {
            throw Cli.usage(spec, "Invalid value for option '--rate': must be more than 0 and at most 1,000,000 requests "
                    + "per second, got " + PlanReport.num(rate));
        }
        requireRange("--io", io, 0, 60_000, "ms (the work contract's range)");
        requireRange("--cpu", cpu, 0, 60_000, "ms (the work contract's range)");
        Cli.inRange(spec, "--cores", cores, 1, 4096);
        Cli.inRange(spec, "--threads", threads, 1, 10_000);
        requireRange("--round-trip", roundTripMs, 0, 10_000, "ms");
        requireRange("--hold", holdMs, 0, 10_000, "ms");
        if (memoryMiB < 1) {
            throw Cli.usage(spec, "Invalid value for option '--memory': must be 1 MiB or more, got " + memoryMiB);
        }
        Cli.inRange(spec, "--max-concurrent", maxConcurrent, 0, 10_000);
        if (!List.of("sync", "async", "virtual").contains(pool)) {
            throw Cli.usage(spec, "Invalid value for option '--pool': must be sync, async or virtual, got '" + pool + "'");
        }
        Costs costs = Costs.LAB.withHops(roundTripMs, holdMs);
        Demand demand = new Demand(rate, io, cpu, cores, memoryMiB);
        Capacity.impossible(demand, objective, costs).ifPresent(why -> {
            throw new UserError("--slo " + slo + ": " + why);
        });
        List<PoolPlan> pools = Capacity.plan(demand, objective, costs, seed, Capacity.kinds(threads, maxConcurrent));
        if (pools.stream().allMatch(p -> p.verdict() == PoolPlan.Verdict.CANNOT_CARRY && p.forecast() == null)) {
            throw new UserError("--rate " + PlanReport.num(rate) + ": no pool can carry it here: "
                    + String.join("; ", pools.stream().map(p -> p.kind() + ": " + p.reason()).toList())
                    + " (--cores says how many cores the workers get)");
        }
        if (verify) {
            Cli.inRange(spec, "--duration", durationS, 5, 3600);
            PlanVerify.check(spec, objective, rate, cpu, pool);
        }
        return new Plan(demand, objective, costs, seed, threads, pool, pools);
    }

    private void requirePresent() {
        if (rate == null) {
            throw Cli.usage(spec, "Missing value for option '--rate': the arrival rate per second, e.g. --rate 30");
        }
        if (io == null) {
            throw Cli.usage(spec, "Missing value for option '--io': what each request waits, e.g. --io 100 (ms)");
        }
        if (slo == null) {
            throw Cli.usage(spec, "Missing value for option '--slo': the objective, e.g. --slo p99=250ms");
        }
    }

    private void requireRange(String option, double value, double min, double max, String unit) {
        if (!(value >= min && value <= max)) {
            throw Cli.usage(spec, "Invalid value for option '" + option + "': must be in " + PlanReport.num(min) + ".."
                    + PlanReport.num(max) + " " + unit + ", got " + PlanReport.num(value));
        }
    }

    /** This machine's memory in MiB (what the JVM reports), or a very large number when it cannot tell. */
    static long machineMemoryMiB() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(1, os.getTotalMemorySize() / (1024 * 1024));
        }
        return Long.MAX_VALUE / (1024 * 1024);
    }
}
