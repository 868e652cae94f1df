package dev.syncasync.gatling;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.UserError;
import dev.syncasync.commandline.Version;
import dev.syncasync.measurements.HiccupMeter;
import dev.syncasync.measurements.Percentiles;
import dev.syncasync.measurements.RequestSamples;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * RunSimulation [--results DIR] --stdin
 * </pre>
 *
 * <p>With {@code --stdin} it reads its work from standard input, one line at a time, until
 * the input ends: {@code calibrate} (measure the costs again), {@code costs ROUNDTRIP HOLD
 * SERIAL [WORKERCPU]} (predict with these) or {@code NAME [key=value ...]} (one run). That is how {@code ./lab demo} drives it: it decides after each run whether the
 * run was disturbed and must be repeated. Before each run this JVM collects its garbage, so
 * no collection pauses a measurement; with {@code -Dlab.stallsFile=PATH} it records its own
 * stalls there after each run ({@link HiccupMeter}).
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
            "BlockingEventLoop", "OpenModelRamp", "SequentialVsConcurrent", "DatabaseBottleneck", "ConcurrencyLadder");

    private static final String PACKAGE = RunSimulation.class.getPackageName();

    /** Whether this JVM has run a calibration yet (the first one only warms it up). */
    private static boolean warm;

    /** One simulation and its parameters. */
    record Run(String simulation, Map<String, String> properties) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--results", paramLabel = "DIR", description = "Where the reports go, one directory per run "
            + "(default: ${DEFAULT-VALUE}).")
    Path results = Path.of("results");

    @Option(names = "--stdin", description = "Read the work from standard input, one line at a time until it ends: "
            + "calibrate (measure the costs again), costs ROUNDTRIP HOLD SERIAL [WORKERCPU] (predict with these), or "
            + "NAME [key=value ...] (one run). ./lab demo drives it so.")
    boolean stdin;

    @Parameters(arity = "0..*", paramLabel = "NAME [key=value ...]", completionCandidates = Names.class,
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
            if (runs.isEmpty() && !stdin) {
                throw new IllegalArgumentException("name a simulation, or give --stdin");
            }
        } catch (IllegalArgumentException e) {
            throw Cli.usage(spec, e.getMessage());
        }
        try {
            Files.createDirectories(results);
        } catch (IOException e) {
            throw new UserError("cannot create the results directory " + results + ": " + e.getMessage());
        }
        HiccupMeter meter = HiccupMeter.start();
        calibrationBurstFor(runs);
        if (System.getProperty("overhead") == null && System.getProperty("serial") == null
                && !"false".equals(System.getProperty("calibrate"))) {
            calibrate();
        }
        int worst = 0;
        if (stdin) {
            worst = fromStdin(results.toAbsolutePath(), meter);
        }
        for (Run run : runs) {
            worst = Math.max(worst, runOne(run, results.toAbsolutePath(), meter));
        }
        meter.close();
        return worst == 0 ? Cli.OK : Cli.FAILED;
    }

    /**
     * {@code costs ROUNDTRIP HOLD SERIAL [WORKERCPU]}: the costs every later run predicts with,
     * chosen by whoever drives this JVM (an earlier calibration that was less disturbed than the
     * last), and what a request costs the workers' cores besides its work, which only the lab's
     * own JVM can measure.
     */
    private static void useCosts(String line) {
        String[] f = line.split(" +");
        System.setProperty("overhead", f[1]);
        System.setProperty("hold", f[2]);
        System.setProperty("serial", f[3]);
        if (f.length > 4) {
            System.setProperty("workerCpu", f[4]);
        }
        System.out.println("lab: predicting with " + f[1] + " ms round trip, " + f[2] + " ms hold, " + f[3]
                + " ms per request ahead in a burst" + (f.length > 4 ? ", " + f[4] + " ms of worker CPU per request" : ""));
    }

    /** Runs what standard input asks for, line by line, until it ends; returns the worst exit code. */
    private static int fromStdin(Path results, HiccupMeter meter) {
        int worst = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.equals("calibrate")) {
                    calibrate();
                    continue;
                }
                if (line.startsWith("costs ")) {
                    useCosts(line);
                    continue;
                }
                List<Run> runs;
                try {
                    runs = parse(List.of(line.split(" +")));
                } catch (IllegalArgumentException e) {
                    System.out.println("lab: " + e.getMessage());
                    System.out.println("lab-result " + line.split(" ")[0] + " 2 -");
                    worst = 2;
                    continue;
                }
                for (Run run : runs) {
                    worst = Math.max(worst, runOne(run, results, meter));
                }
            }
        } catch (IOException e) {
            System.err.println("lab: cannot read standard input: " + e.getMessage());
            return 2;
        }
        return worst;
    }

    /** The simulations, for --help and completion. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SIMULATIONS.iterator();
        }
    }

    /**
     * Runs {@link Calibrate} (no report) and sets {@code -Doverhead}, {@code -Dhold} and
     * {@code -Dserial} for every run after it, so their predictions use this load generator's
     * own costs rather than those of the JDK client a simulation run alone calibrates with.
     * Prints {@code lab-calibrated START END ROUNDTRIP HOLD SERIAL} (epoch ms, then ms) for
     * whoever drives this JVM, so it can tell whether the calibration itself was disturbed.
     */
    private static void calibrate() {
        if (!warm) {
            // The first Gatling run of a JVM runs interpreted code: its burst costs are 1.5 to 2.5 times
            // a warm run's (measured: a serial cost of 0.95 ms per request, then 0.25, 0.38, 0.16, 0.19).
            // It warms the JVM up, and its costs are thrown away.
            warm = true;
            System.out.println("lab: warming up with a calibration whose costs are discarded");
            System.setProperty("warmOnly", "true");
            try {
                runCalibrate();
            } finally {
                System.clearProperty("warmOnly");
            }
        }
        long start = System.currentTimeMillis();
        List<String> csv = runCalibrate();
        long end = System.currentTimeMillis();
        if (csv == null) {
            System.out.println("lab: no calibration with Gatling; each simulation calibrates with the JDK client");
            return;
        }
        Costs costs = Costs.of(csv, SlotHold.meanMs(System.getProperty("adminUrl", "http://127.0.0.1:8081"),
                Costs.aloneIds(csv)));
        System.setProperty("overhead", Double.toString(costs.roundTripMs()));
        System.setProperty("hold", Double.toString(costs.holdMs()));
        System.setProperty("serial", Double.toString(costs.serialMs()));
        System.out.println(String.format(java.util.Locale.ROOT, "lab: calibrated with Gatling: a request pays "
                + "%.1f ms besides its work, holds its slot %.2f ms beyond its io, and waits %.3f ms more per "
                + "request ahead of it in a burst", costs.roundTripMs(), costs.holdMs(), costs.serialMs()));
        System.out.println(String.format(java.util.Locale.ROOT, "lab-calibrated %d %d %.3f %.3f %.4f", start, end,
                costs.roundTripMs(), costs.holdMs(), costs.serialMs()));
    }

    /**
     * Sizes the calibration's bursts for a {@link ConcurrencyLadder} among {@code runs}: its largest
     * rung (its {@code n=}, or {@code -Dn}, or the default 10,000), unless
     * {@code -DcalibrationBurst} is given. Measured: bursts of 100 cost 0.5-0.6 ms per further
     * request on the async pool, bursts of 10,000 about 0.03 ms (one read or write of the event
     * loops then carries many requests), so a serial cost from bursts of 100 predicted a 10,000-rung
     * 5 s late.
     */
    static void calibrationBurstFor(List<Run> runs) {
        if (System.getProperty(Calibrate.BURST_SIZE) != null) {
            return;
        }
        int largest = 0;
        for (Run run : runs) {
            if (run.simulation().equals("ConcurrencyLadder")) {
                String n = run.properties().getOrDefault("n", System.getProperty("n"));
                for (int rung : n == null || n.isBlank() ? ConcurrencyLadder.DEFAULT_RUNGS
                        : java.util.Arrays.stream(n.split(",")).map(String::trim).filter(x -> x.matches("\\d+"))
                                .map(Integer::valueOf).toList()) {
                    largest = Math.max(largest, Math.min(rung, ConcurrencyLadder.MAX_RUNG));
                }
            }
        }
        if (largest > Calibrate.DEFAULT_BURST) {
            System.setProperty(Calibrate.BURST_SIZE, Integer.toString(largest));
            System.out.println("lab: calibrating with bursts of " + largest + " (the ladder's largest rung)");
        }
    }

    /** Runs {@link Calibrate} with no costs set; returns its requests.csv, or null when it failed. */
    private static List<String> runCalibrate() {
        Path scratch;
        Path requests;
        try {
            scratch = Files.createTempDirectory("lab-calibration");
            requests = scratch.resolve("requests.csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String cost : List.of("overhead", "hold", "serial", "workerCpu")) {
            System.clearProperty(cost);
        }
        // Zero costs given: Calibrate is what measures them, it needs no JDK-client calibration.
        System.setProperty("overhead", "0");
        System.setProperty("serial", "0");
        System.setProperty("lab.requestsFile", requests.toString());
        System.gc();
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
            return status == 0 && Files.exists(requests) ? Files.readAllLines(requests) : null;
        } catch (IOException e) {
            System.out.println("lab: cannot read the calibration (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * The costs read from Calibrate's requests.csv (columns as {@link RequestLog} writes them)
     * and the balancer's timeline.
     *
     * @param roundTripMs the median latency of the lone empty requests
     * @param serialMs    per further request of a burst, from the measured (not the warm) bursts
     * @param holdMs      how much longer than io a request holds its slot; the round trip when unknown
     */
    record Costs(double roundTripMs, double serialMs, double holdMs) {

        /** Index of the balancer's request id in requests.csv. */
        private static final int REQUEST_ID = List.of(RequestLog.HEADER.split(",")).indexOf("requestId");

        /** The costs in {@code csv}, with the hold measured apart (NaN = unknown: the round trip is taken). */
        static Costs of(List<String> csv, double holdMs) {
            List<Integer> alone = new ArrayList<>();
            Map<String, List<Integer>> bursts = new LinkedHashMap<>();
            for (RequestSamples.Sample sample : RequestSamples.parse(csv)) {
                if (sample.name().equals("alone")) {
                    alone.add(sample.responseMs());
                } else if (sample.name().startsWith("burst ") && !sample.name().startsWith("burst warm")) {
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
            double hold = Double.isNaN(holdMs) ? roundTrip : Math.min(holdMs, roundTrip);
            return new Costs(roundTrip, serial.length == 0 ? 0 : Percentiles.median(serial), hold);
        }

        /** The balancer's ids of the lone requests, to find them in its timeline. */
        static List<Long> aloneIds(List<String> csv) {
            List<Long> ids = new ArrayList<>();
            for (String line : csv.subList(Math.min(1, csv.size()), csv.size())) {
                String[] f = line.split(",", -1);
                if (f.length > REQUEST_ID && f[0].equals("alone") && !f[REQUEST_ID].isBlank()) {
                    ids.add(Long.parseLong(f[REQUEST_ID].trim()));
                }
            }
            return ids;
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

    private static int runOne(Run run, Path results, HiccupMeter meter) {
        Set<Path> before = reports(results);
        Path summary;
        Path requests;
        Path checks;
        try {
            summary = Files.createTempFile("lab-summary", ".json");
            requests = Files.createTempFile("lab-requests", ".csv");
            checks = Files.createTempFile("lab-checks", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> previous = new LinkedHashMap<>();
        run.properties().forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        previous.put("lab.summaryFile", System.setProperty("lab.summaryFile", summary.toString()));
        previous.put("lab.requestsFile", System.setProperty("lab.requestsFile", requests.toString()));
        previous.put("lab.checksFile", System.setProperty("lab.checksFile", checks.toString()));
        // Outside every measurement: whatever the last run left, collected now rather than in a burst.
        System.gc();
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
        try {
            if (status == 0 && Files.exists(checks) && Files.size(checks) > 0) {
                status = 2; // the lab's own checks (throughput over a row's span) failed, as Gatling's assertions would
            }
            String stalls = System.getProperty("lab.stallsFile");
            if (stalls != null && !stalls.isBlank()) {
                meter.writeTo(Path.of(stalls));
            }
        } catch (IOException e) {
            System.err.println("lab: cannot read the lab's checks of " + run.simulation() + ": " + e.getMessage());
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
            Files.deleteIfExists(checks);
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
