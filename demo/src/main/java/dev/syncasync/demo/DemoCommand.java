package dev.syncasync.demo;

import dev.syncasync.commandline.Version;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./lab demo}: its options, then {@link Demo#runWith}. */
@Command(name = "demo", header = "The whole argument in about 2 minutes: both pools, Gatling, the theory beside the measurements.",
        mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Both pools run behind the balancer on free ports (a running ./lab up is left alone); the "
                + "Gatling simulations run in a child JVM, on the sync pool then on the async pool. The report goes "
                + "to DIR/<timestamp>/index.html."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every measurement agrees with the theory", "1:a measurement disagrees, or the run failed",
            "2:a bad option or config file, or the simulations are not built"})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--results", paramLabel = "DIR", description = "Where the run's directory goes "
            + "(default: ${DEFAULT-VALUE}).")
    Path results = Path.of("results");

    @Option(names = "--config", paramLabel = "FILE", description = "The topology to start, on free ports "
            + "(default: ${DEFAULT-VALUE}).")
    Path config = Path.of("config/topology.yml");

    @Override
    public Integer call() throws Exception {
        return Demo.runWith(results, config);
    }
}
