package dev.syncasync.gatling;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.UserError;
import dev.syncasync.commandline.Version;
import dev.syncasync.measurements.Percentiles;
import dev.syncasync.measurements.RequestSamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs lab simulations by their short names, one after another in this JVM (so the later
 * ones run on a warm JIT), each with its own parameters:
 *
 * <pre>
 * RunSimulation [--results DIR] NAME [key=value ...] [NAME [key=value ...]] ...
 * RunSimulation --results results HundredRequests io=400 FiveClientsFourWorkers
 * </pre>
 *
 * <p>{@code key=value} pairs become system properties for that run only; {@code -D} options
 * given to the JVM apply to every run. Before the first run, {@link Calibrate} measures with
 * Gatling itself what a request costs besides its work ({@code -Dcalibrate=false}, or
 * {@code -Doverhead} / {@code -Dserial}, skip it). Each report lands in {@code DIR/<simulation>-<time>/},
 * with the simulation's predictions beside it in {@code lab.json}. Exit code: 0 when every
 * run's assertions held, 1 when some failed or could not run, 2 for a bad command line.
 */
@Command(name = "RunSimulation", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run lab simulations by name, one after another in this JVM, against a running lab: "
                + "-DbaseUrl=http://127.0.0.1:8080 and -DadminUrl=http://127.0.0.1:8081 (JVM options) apply to every "
                + "run; key=value pairs to the simulation before them. Each report lands in DIR/<simulation>-<time>/."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every run's theory-derived assertions held",
            "1:some disagreed with the theory, or could not run", "2:a bad command line"})
public final class RunSimulation implements Callable<Integer> {

    /** The simulations this module ships, by short name. */
    static final List<String> SIMULATIONS = List.of("FiveClientsFourWorkers", "HundredRequests", "CpuBound",
            "BlockingEventLoop", "OpenModelRamp", "SequentialVsConcurrent");

    private static final String PACKAGE = RunSimulation.class.getPackageName();

    /** One simulation and its parameters. */
    record Run(String simulation, Map<String, String> properties) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--results", paramLabel = "DIR", description = "Where the reports go, one directory per run "
            + "(default: ${DEFAULT-VALUE}).")
    Path results = Path.of("results");

    @Parameters(arity = "1..*", paramLabel = "NAME [key=value ...]", completionCandidates = Names.class,
            description = {"A simulation (${COMPLETION-CANDIDATES}) and the parameters of its run, then the next one."})
    List<String> arguments = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit code. */
    static int run(String... args) {
        return Cli.execute(new RunSimulation(), args);
    }

    @Override
    public Integer call() {
        List<Run> runs;
        try {
            runs = parse(arguments);
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
        try {
            Files.createDirectories(results);
        } catch (IOException e) {
            throw new UserError("cannot create the results directory " + results + ": " + e.getMessage());
        }
        if (System.getProperty("overhead") == null && System.getProperty("serial") == null
                && !"false".equals(System.getProperty("calibrate"))) {
            calibrate();
        }
        int worst = 0;
        for (Run run : runs) {
            worst = Math.max(worst, runOne(run, results.toAbsolutePath()));
        }
        return worst == 0 ? Cli.OK : Cli.FAILED;
    }

    /** The simulations, for --help and completion. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SIMULATIONS.iterator();
        }
    }

    /**
     * Runs {@link Calibrate} (no report) and sets {@code -Doverhead} and {@code -Dserial} for
     * every run after it, so their predictions use this load generator's own costs rather than
     * those of the JDK client a simulation run alone calibrates with.
     */
    private static void calibrate() {
        Path scratch;
        Path requests;
        try {
            scratch = Files.createTempDirectory("lab-calibration");
            requests = scratch.resolve("requests.csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Zero costs given: Calibrate is what measures them, it needs no JDK-client calibration.
        System.setProperty("overhead", "0");
        System.setProperty("serial", "0");
        System.setProperty("lab.requestsFile", requests.toString());
        int status;
        try {
            status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
                "-s", PACKAGE + ".Calibrate", "-rf", scratch.toString(), "-nr"});
        } catch (Exception e) {
            status = 2;
            System.err.println("lab: calibration could not run: " + rootMessage(e));
        } finally {
            System.clearProperty("overhead");
            System.clearProperty("serial");
            System.clearProperty("lab.requestsFile");
        }
        try {
            if (status != 0 || !Files.exists(requests)) {
                System.out.println("lab: no calibration with Gatling; each simulation calibrates with the JDK client");
                return;
            }
            Costs costs = Costs.of(Files.readAllLines(requests));
            System.setProperty("overhead", Double.toString(costs.roundTripMs()));
            System.setProperty("serial", Double.toString(costs.serialMs()));
            System.out.println(String.format(java.util.Locale.ROOT, "lab: calibrated with Gatling: a request pays "
                    + "%.1f ms besides its work, and %.3f ms more per request ahead of it in a burst",
                    costs.roundTripMs(), costs.serialMs()));
        } catch (IOException e) {
            System.out.println("lab: cannot read the calibration (" + e.getMessage() + "); each simulation calibrates "
                    + "with the JDK client");
        }
    }

    /** The costs read from Calibrate's requests.csv (columns as {@link RequestLog} writes them). */
    record Costs(double roundTripMs, double serialMs) {

        static Costs of(List<String> csv) {
            List<Integer> alone = new ArrayList<>();
            Map<String, List<Integer>> bursts = new LinkedHashMap<>();
            for (RequestSamples.Sample sample : RequestSamples.parse(csv)) {
                if (sample.name().equals("alone")) {
                    alone.add(sample.responseMs());
                } else if (sample.name().startsWith("burst ")) {
                    bursts.computeIfAbsent(sample.name(), k -> new ArrayList<>()).add(sample.responseMs());
                }
            }
            double roundTrip = alone.isEmpty() ? 0 : Percentiles.median(alone.stream().mapToDouble(Integer::doubleValue).toArray());
            // Gatling times each request from its own send, so a burst's requests pay only for what
            // is ahead of them after they were sent: the slowest latency beyond io and one round
            // trip, spread over the others, is the serial cost a measured burst will see.
            double[] serial = bursts.values().stream().filter(b -> b.size() >= 8).mapToDouble(b -> {
                int slowest = b.stream().mapToInt(Integer::intValue).max().orElseThrow();
                return Math.max(0, (slowest - Calibrate.BURST_IO_MS - roundTrip) / (b.size() - 1));
            }).toArray();
            return new Costs(roundTrip, serial.length == 0 ? 0 : Percentiles.median(serial));
        }
    }

    static List<Run> parse(List<String> args) {
        List<Run> runs = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                if (runs.isEmpty()) {
                    throw new IllegalArgumentException("'" + arg + "' comes before any simulation name");
                }
                runs.get(runs.size() - 1).properties().put(arg.substring(0, eq), arg.substring(eq + 1));
            } else if (SIMULATIONS.contains(arg) || arg.startsWith(PACKAGE + ".")) {
                String simple = arg.substring(arg.lastIndexOf('.') + 1);
                if (!SIMULATIONS.contains(simple)) {
                    throw new IllegalArgumentException("unknown simulation '" + arg + "'");
                }
                runs.add(new Run(simple, new LinkedHashMap<>()));
            } else {
                throw new IllegalArgumentException("unknown simulation '" + arg + "'; choose one of "
                        + String.join(", ", SIMULATIONS));
            }
        }
        return runs;
    }

    private static int runOne(Run run, Path results) {
        Set<Path> before = reports(results);
        Path summary;
        Path requests;
        try {
            summary = Files.createTempFile("lab-summary", ".json");
            requests = Files.createTempFile("lab-requests", ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> previous = new LinkedHashMap<>();
        run.properties().forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        previous.put("lab.summaryFile", System.setProperty("lab.summaryFile", summary.toString()));
        previous.put("lab.requestsFile", System.setProperty("lab.requestsFile", requests.toString()));
        long start = System.nanoTime();
        int status;
        try {
            System.out.println("lab: running " + run.simulation()
                    + (run.properties().isEmpty() ? "" : " " + run.properties()));
            status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
                "-s", PACKAGE + "." + run.simulation(), "-rf", results.toString()});
        } catch (Exception e) {
            // Gatling wraps a simulation's constructor failure; Scala may throw checked exceptions.
            System.err.println("lab: " + run.simulation() + " could not run: " + rootMessage(e));
            status = 2;
        } finally {
            previous.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
        List<Path> created = new ArrayList<>(reports(results));
        created.removeAll(before);
        String seconds = String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
        if (created.size() == 1) {
            Path report = created.get(0);
            try {
                if (Files.size(summary) > 0) {
                    Files.move(summary, report.resolve("lab.json"));
                }
                if (Files.size(requests) > 0) {
                    Files.move(requests, report.resolve("requests.csv"));
                }
            } catch (IOException e) {
                System.err.println("lab: cannot keep the predictions of " + run.simulation() + ": " + e.getMessage());
            }
            System.out.println("lab: " + run.simulation() + " " + verdict(status) + " in " + seconds + "; report "
                    + report.resolve("index.html"));
            System.out.println("lab-result " + run.simulation() + " " + status + " " + report);
        } else {
            System.out.println("lab: " + run.simulation() + " " + verdict(status) + " in " + seconds + " (no report)");
            System.out.println("lab-result " + run.simulation() + " " + Math.max(status, 2) + " -");
            status = Math.max(status, 2);
        }
        try {
            Files.deleteIfExists(summary);
            Files.deleteIfExists(requests);
        } catch (IOException ignored) {
            // a temp file
        }
        return switch (status) {
            case 0 -> 0;
            case 2 -> 1; // Gatling's "assertions failed"
            default -> 2;
        };
    }

    private static String verdict(int status) {
        return switch (status) {
            case 0 -> "agrees with the theory";
            case 2 -> "DISAGREES with the theory (assertions failed)";
            default -> "failed to run";
        };
    }

    private static Set<Path> reports(Path results) {
        if (!Files.isDirectory(results)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(results)) {
            return s.filter(Files::isDirectory).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
