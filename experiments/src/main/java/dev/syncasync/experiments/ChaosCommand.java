package dev.syncasync.experiments;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./lab chaos}: its options, then {@link Experiments#chaos}. */
@Command(name = "chaos", header = "Kill, pause or restart a worker container under load (Docker).",
        mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"A lab (default: 2 sync workers) under a steady, bounded open load; worker N is killed, paused or "
                + "restarted, and the report says when the balancer stopped routing to it and when it came back: "
                + "results/<time>/chaos.txt and chaos.json."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the break was detected (and the worker came back when it was meant to)",
            "1:it was not detected, or the run failed", "2:a bad option, or no Docker engine"})
public final class ChaosCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    What what = new What();

    @Option(names = "--worker", paramLabel = "N", description = "Which worker container, from 1 (default: 1).")
    int worker = 1;

    @Option(names = "--topology", paramLabel = "sync|async|virtual", completionCandidates = Topologies.class,
            description = "The pool of the lab (default: sync; virtual = the sync worker's image with --virtual, "
                    + "no limit on requests at once).")
    String topology = "sync";

    @Option(names = "--workers", paramLabel = "N", description = "Worker containers (default: 2).")
    int workers = 2;

    @Option(names = "--simulation", paramLabel = "NAME", completionCandidates = Simulations.class,
            description = "The load, a simulation of the gatling image (default: OpenModelRamp "
                    + "rates=20 duration=30 io=50 warmup=20).")
    String simulation = "OpenModelRamp";

    @Parameters(paramLabel = "key=value", description = "The simulation's parameters.")
    List<String> parameters = new ArrayList<>();

    @Mixin
    ExperimentOptions.Mixin shared = new ExperimentOptions.Mixin();

    private final Map<String, String> env;

    /** Reads the engine's address and the image settings from the process environment. */
    public ChaosCommand() {
        this(System.getenv());
    }

    ChaosCommand(Map<String, String> env) {
        this.env = env;
    }

    /** What happens to the worker: one of the three. */
    static final class What {
        @Option(names = "--kill", description = "Kill it for good (the default).")
        boolean kill;
        @Option(names = "--pause", description = "Pause it, then unpause it.")
        boolean pause;
        @Option(names = "--restart", description = "Kill it, then start the same container again.")
        boolean restart;

        ChaosOptions.Action action() {
            return pause ? ChaosOptions.Action.PAUSE : restart ? ChaosOptions.Action.RESTART : ChaosOptions.Action.KILL;
        }
    }

    @Override
    public Integer call() throws Exception {
        ChaosOptions chaos = chaosOptions();
        Experiments.requireDockerClient(spec);
        return Experiments.chaos(shared.resolve(Experiments.home(), env), chaos, env);
    }

    /** The options as parsed; a value out of range is a usage error. */
    ChaosOptions chaosOptions() {
        if (!SweepConfig.SIMULATIONS.contains(simulation)) {
            throw Cli.usage(spec, "--simulation must be one of " + SweepConfig.SIMULATIONS + ", got " + simulation);
        }
        if (!topology.equals("sync") && !topology.equals("async") && !topology.equals("virtual")) {
            throw Cli.usage(spec, "--topology must be sync, async or virtual, got " + topology);
        }
        for (String parameter : parameters) {
            if (!parameter.matches("[A-Za-z][A-Za-z0-9.]*=\\S+")) {
                throw Cli.usage(spec, "a simulation parameter is key=value, got '" + parameter + "'");
            }
        }
        List<String> load = parameters.isEmpty() && simulation.equals("OpenModelRamp")
                ? ChaosOptions.DEFAULT_LOAD : parameters;
        // sync.threads and async.event-loops 1; a virtual worker without a limit (virtual.max-concurrent 0).
        int threads = topology.equals("virtual") ? 0 : 1;
        LabSpec lab = new LabSpec(topology, Cli.inRange(spec, "--workers", workers, 1, 64), threads, 384);
        // Requests that reach the database get one, as in a sweep: the lab's default pool per worker.
        if (simulation.equals("DatabaseBottleneck") || load.stream().anyMatch(p -> p.startsWith("db="))) {
            lab = lab.withDatabase(SweepConfig.DEFAULT_DB_POOL_SIZE);
            if (simulation.equals("DatabaseBottleneck") && load.stream().noneMatch(p -> p.startsWith("dbPool="))) {
                load = new java.util.ArrayList<>(load);
                load.add("dbPool=" + lab.dbPoolSize());
            }
        }
        try {
            return new ChaosOptions(what.action(), worker, lab, simulation, load);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
    }

    /** Completion candidates of {@code --topology}. */
    static final class Topologies implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("sync", "async", "virtual").iterator();
        }
    }

    /** Completion candidates of {@code --simulation}. */
    static final class Simulations implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SweepConfig.SIMULATIONS.iterator();
        }
    }
}
