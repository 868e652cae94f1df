package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import dev.syncasync.config.ConfigException;
import dev.syncasync.logging.Logging;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ./lab sweep [FILE]} and {@code ./lab chaos [OPTS]}: parse, connect to the engine, run
 * under a fresh run label whose objects are removed whatever happens. Exit codes: 0 done,
 * 1 the experiment ran and found a failure, 2 the user must fix something (no engine, bad file,
 * bad option).
 */
public final class ExperimentsMain {

    static final String USAGE = """
            usage: ./lab sweep [FILE] [OPTS]   one lab of containers per point of FILE (default
                                               config/sweeps/small.yml): results/<time>/sweep.csv, index.html
                   ./lab chaos [--kill|--pause|--restart] [--worker N] [--topology sync|async] [--workers N]
                               [--simulation NAME [key=value ...]] [OPTS]
                                               a lab (default 2 sync workers) under a steady load; worker N
                                               (default 1) killed, paused or restarted; results/<time>/chaos.txt
            """ + ExperimentOptions.USAGE;

    private ExperimentsMain() {
    }

    public static void main(String[] args) {
        Logging.init();
        System.exit(run(args, System.getenv()));
    }

    /** Runs one command with {@code env} as the environment; returns the exit code. */
    static int run(String[] args, Map<String, String> env) {
        if (args.length == 0 || Arrays.stream(args).anyMatch(List.of("help", "--help", "-h")::contains)) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Path home = Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
        Progress progress = new Progress(System.out);
        try {
            ExperimentOptions options = ExperimentOptions.parse(Arrays.asList(args).subList(1, args.length), home, env);
            String command = "./lab " + String.join(" ", args);
            return switch (args[0]) {
                case "sweep" -> sweep(options, home, env, progress, command);
                case "chaos" -> chaos(options, env, progress);
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            };
        } catch (ConfigException | ExperimentException e) {
            System.err.println("lab: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("lab: " + e.getMessage() + "\n" + USAGE);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            System.err.println("lab: failed: " + Engine.rootCause(e));
            e.printStackTrace(System.err);
            return 1;
        }
    }

    private static int sweep(ExperimentOptions options, Path home, Map<String, String> env, Progress progress,
                             String command) throws Exception {
        if (options.rest().size() > 1) {
            throw new IllegalArgumentException("sweep takes at most one FILE, got " + options.rest());
        }
        Path file = options.rest().isEmpty() ? home.resolve("config/sweeps/small.yml") : Path.of(options.rest().get(0));
        // The file first: a bad one is reported without an engine.
        SweepConfig config = SweepConfig.load(file);
        DockerClient docker = Engine.connect(env);
        RunLabel label = RunLabel.create("sweep");
        try (Cleanup cleanup = Cleanup.register(docker, label)) {
            progress.say("run label " + label.filter());
            new Sweep(docker, label, options, progress).run(config, command);
        }
        return 0;
    }

    private static int chaos(ExperimentOptions options, Map<String, String> env, Progress progress) throws Exception {
        ChaosOptions chaos = ChaosOptions.parse(options.rest());
        DockerClient docker = Engine.connect(env);
        RunLabel label = RunLabel.create("chaos");
        try (Cleanup cleanup = Cleanup.register(docker, label)) {
            progress.say("run label " + label.filter());
            return new Chaos(docker, label, options, progress).run(chaos).detected() ? 0 : 1;
        }
    }
}
