package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.UserError;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code sweep} and {@code chaos} run once their options are read: connect to the engine and
 * run under a fresh run label whose objects are removed whatever happens. The only class of the
 * command side that touches docker-java, so the commands' help works without it.
 */
final class Experiments {

    private Experiments() {
    }

    /** The project's root: the {@code lab} script's {@code -Dlab.home}, or the working directory. */
    static Path home() {
        return Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
    }

    /**
     * A usage error when docker-java is not on the class path: {@code lab.jar} carries the commands'
     * help, {@code experiments.jar} runs them (the {@code lab} script picks it).
     */
    static void requireDockerClient(CommandSpec spec) {
        try {
            Class.forName("com.github.dockerjava.api.DockerClient", false, Experiments.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw Cli.usage(spec, spec.name() + " runs from experiments/target/experiments.jar: use ./lab "
                    + spec.name());
        }
    }

    /** Runs a sweep; the file is read first, so a bad one is reported without an engine. */
    static int sweep(ExperimentOptions options, Path file, Map<String, String> env, String command) throws Exception {
        SweepConfig config = SweepConfig.load(file);
        Progress progress = new Progress(System.out);
        DockerClient docker = engine(env);
        ExperimentOptions run = onEngine(options, docker, env);
        RunLabel label = RunLabel.create("sweep");
        try (Cleanup cleanup = Cleanup.register(docker, label)) {
            progress.say("run label " + label.filter());
            Sweep sweep = new Sweep(docker, label, run, progress);
            sweep.run(config, command);
            // A plan grid is a check of the planner: a point outside its band is a disagreement, not a pass;
            // a point disturbed in every attempt is no verdict (3), as in the demo.
            return sweep.exitCode();
        }
    }

    /** Runs a chaos experiment: exit code 0 when the break was detected, 1 when not. */
    static int chaos(ExperimentOptions options, ChaosOptions chaos, Map<String, String> env) throws Exception {
        Progress progress = new Progress(System.out);
        DockerClient docker = engine(env);
        ExperimentOptions run = onEngine(options, docker, env);
        if (run.swarm() != null && chaos.action() == ChaosOptions.Action.RESTART) {
            throw new UserError("--restart on a swarm: Swarm replaces a killed task with a new one rather than "
                    + "starting the same container again; use --kill or --pause");
        }
        RunLabel label = RunLabel.create("chaos");
        try (Cleanup cleanup = Cleanup.register(docker, label)) {
            progress.say("run label " + label.filter());
            return new Chaos(docker, label, run, progress).run(chaos).detected() ? Cli.OK : Cli.FAILED;
        }
    }

    /** With {@code --engine swarm}, the swarm behind the engine (a manager), else the options as they are. */
    private static ExperimentOptions onEngine(ExperimentOptions options, DockerClient docker, Map<String, String> env) {
        if (!options.onSwarm()) {
            return options;
        }
        try {
            return options.withSwarm(Swarm.connect(docker, env));
        } catch (ExperimentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The engine, or a message saying there is none: something the user must fix (exit code 2). */
    private static DockerClient engine(Map<String, String> env) {
        try {
            return Engine.connect(env);
        } catch (ExperimentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
