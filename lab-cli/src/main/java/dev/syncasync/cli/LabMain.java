package dev.syncasync.cli;

import dev.syncasync.bench.Bench;
import dev.syncasync.config.ConfigException;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.demo.Demo;
import dev.syncasync.lab.Lab;
import dev.syncasync.server.Mains;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./lab up [FILE]}: runs the topology in FILE (default {@code config/topology.yml})
 * until Ctrl-C or SIGTERM, then shuts down gracefully. {@code ./lab demo} runs the whole
 * argument against the theory (see {@link Demo}); {@code ./lab bench} measures what the
 * balancer adds (see {@link Bench}).
 */
public final class LabMain {

    static final String USAGE = """
            usage: ./lab demo [OPTS]   the whole argument in about 2 minutes: both pools, Gatling, theory
                                       beside measurement, report in results/<time>/index.html
                   ./lab up [FILE]     run the topology in FILE (default config/topology.yml)
                   ./lab worker sync|async [--join HOST[:PORT]] [--config FILE] [--id ID] [--port N]
                                       start one more worker that joins a running lab
                   ./lab bench [OPTS]  measure what the balancer adds (about 100 s; ./lab bench --help)
                   ./lab sweep [FILE]  the lab as containers through the Docker API, one lab per point of a
                                       sweep file (config/sweeps/); results/<time>/sweep.csv, index.html
                   ./lab chaos [OPTS]  kill, pause or restart a worker container under load (./lab chaos --help)
                   ./lab help          this text""";

    private LabMain() {
    }

    public static void main(String[] args) {
        Mains.run("lab", () -> {
            String command = args.length == 0 ? "up" : args[0];
            switch (command) {
                case "up" -> up(args);
                case "worker" -> WorkerCommand.run(Arrays.copyOfRange(args, 1, args.length));
                case "bench" -> Bench.run(Arrays.copyOfRange(args, 1, args.length));
                case "demo" -> System.exit(Demo.run(Arrays.copyOfRange(args, 1, args.length)));
                case "help", "--help", "-h" -> System.out.println(USAGE);
                default -> throw new ConfigException("command line", "", "unknown command '" + command + "'\n"
                        + USAGE);
            }
        });
    }

    private static void up(String[] args) throws InterruptedException {
        if (args.length > 2) {
            throw new ConfigException("command line", "", "up takes at most one FILE\n" + USAGE);
        }
        String file = args.length == 2 ? args[1] : "config/topology.yml";
        LabConfig config = ConfigLoader.load(Path.of(file));
        Lab lab = Lab.start(config, Path.of(file));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping: waiting for requests in flight ...");
            boolean clean = lab.shutdown(Duration.ofSeconds(30));
            // stdout, not the logger: the JVM resets java.util.logging in a hook of its own.
            System.out.println(clean ? "stopped: every request was answered" : "stopped: the 30 s grace period cut requests off");
            stopped.countDown();
        }, "lab-shutdown"));
        System.out.println(Summary.of(lab, file));
        stopped.await();
    }
}
