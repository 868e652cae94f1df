package dev.syncasync.demo;

import dev.syncasync.commandline.Version;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./lab demo}: its options, then {@link Demo#runWith}. */
@Command(name = "demo", header = "The whole argument in about 3 minutes: the three pools, Gatling, the theory beside the measurements.",
        mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"The three pools run behind the balancer on free ports (a running ./lab up is left alone); the "
                + "Gatling simulations run in a child JVM, on the sync pool, then the async pool, then the virtual "
                + "pool. The report goes to DIR/<timestamp>/index.html."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every measurement agrees with the theory", "1:a measurement disagrees, or the run failed",
            "2:a bad option or config file, or the simulations are not built",
            "3:nothing disagrees, but some row was disturbed by other processes or stalls in every attempt (no verdict "
                + "on it)"})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--results", paramLabel = "DIR", description = "Where the run's directory goes "
            + "(default: ${DEFAULT-VALUE}).")
    Path results = Path.of("results");

    @Option(names = "--config", paramLabel = "FILE", description = "The topology to start, on free ports "
            + "(default: ${DEFAULT-VALUE}).")
    Path config = Path.of("config/topology.yml");

    @Option(names = "--worker-cpus", paramLabel = "auto|off|LIST", description = "The CPUs the workers get to "
            + "themselves, everything else on the rest (default: ${DEFAULT-VALUE}: the upper half of this process's CPUs, "
            + "where Linux and taskset allow it; off: the workers share every CPU; or a list such as 1 or 2,3).")
    String workerCpus = "auto";

    @Option(names = "--runs", paramLabel = "N", description = "A soak: the demo N times, each in a JVM of its own, "
            + "then per row the worst error and how many runs disagreed or were disturbed; writes docs/fidelity.md.")
    Integer runs;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runs != null) {
            if (runs < 1) {
                throw dev.syncasync.commandline.Cli.usage(spec, "--runs must be 1 or more, got " + runs);
            }
            java.util.List<String> options = new java.util.ArrayList<>();
            if (!config.equals(Path.of("config/topology.yml"))) {
                options.addAll(java.util.List.of("--config", config.toString()));
            }
            if (!workerCpus.equals("auto")) {
                options.addAll(java.util.List.of("--worker-cpus", workerCpus));
            }
            return DemoSoak.run(runs, results, options);
        }
        return Demo.runWith(results, config, workerCpus);
    }
}
