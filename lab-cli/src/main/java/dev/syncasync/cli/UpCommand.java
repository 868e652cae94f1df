package dev.syncasync.cli;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.lab.Lab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./lab up [FILE]}: runs the topology in FILE until Ctrl-C or SIGTERM, then shuts down
 * gracefully: the balancer stops taking requests, the ones in flight or waiting finish.
 */
@Command(name = "up", header = "Run a topology on this machine until Ctrl-C (default config/topology.yml).",
        mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"The balancer, the three pools (sync, async, virtual) and the registry, in one JVM. Ctrl-C or SIGTERM lets the requests "
                + "in flight or waiting finish first; an edit of the file's topology: switches pools live."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by Ctrl-C or SIGTERM", "1:it failed at run time",
            "2:a bad option or config file"})
final class UpCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The topology (default: ${DEFAULT-VALUE}).")
    Path file = Path.of("config/topology.yml");

    @Override
    public Integer call() throws InterruptedException {
        LabConfig config = ConfigLoader.load(file);
        Lab lab = Lab.start(config, file);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping: waiting for requests in flight ...");
            boolean clean = lab.shutdown(Duration.ofSeconds(30));
            // stdout, not the logger: the JVM resets java.util.logging in a hook of its own.
            System.out.println(clean ? "stopped: every request was answered" : "stopped: the 30 s grace period cut requests off");
            stopped.countDown();
        }, "lab-shutdown"));
        System.out.println(Summary.of(lab, file.toString()));
        stopped.await();
        return Cli.OK;
    }
}
