package dev.syncasync.demo;

import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.lab.Lab;
import dev.syncasync.logging.Logging;
import dev.syncasync.measurements.Disturbance;
import dev.syncasync.report.DemoReport;
import dev.syncasync.report.DemoReport.Distribution;
import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.ReportWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./lab demo}: the whole argument on one machine, no Docker. Starts the lab from
 * {@code config/topology.yml} (the three pools, on free ports so a running {@code ./lab up} is
 * left alone), with the workers on CPUs of their own where Linux allows it, routes to the sync
 * pool, runs the Gatling simulations, switches to the async pool and then the virtual pool, runs them again, then prints
 * predicted beside measured values and writes a self-contained report to
 * {@code results/<timestamp>/index.html}.
 *
 * <p>A simulation that other processes or stalls disturbed ({@link Guard}) is run again, at most
 * twice; a row still disturbed is reported as such, never as agreeing.
 *
 * <p>Threads: this one drives everything; the lab's servers run on their own threads in
 * this JVM; Gatling runs in a child JVM so the load generator shares neither heap nor JIT
 * with the servers it measures.
 */
public final class Demo {

    /** Exit code when no row disagrees but some were disturbed in every attempt. */
    static final int DISTURBED = 3;

    /** A simulation runs at most this often: once, and again twice when disturbed. */
    static final int ATTEMPTS = Guard.ATTEMPTS;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final long startNanos = System.nanoTime();
    private final List<String> reruns = new ArrayList<>();

    private Demo() {
    }

    /**
     * Runs the demo with the topology in {@code configFile}, writing under {@code results}, the
     * workers on {@code workerCpus} ({@code auto}, {@code off} or a CPU list); returns the exit
     * code: 0 when every measurement agrees with the theory, 1 otherwise, 2 when it cannot run
     * (the simulations are not built), 3 when nothing disagrees but some rows were disturbed.
     */
    public static int runWith(Path results, Path configFile, String workerCpus) throws Exception {
        return new Demo().run(results, configFile, workerCpus);
    }

    private int run(Path resultsRoot, Path configFile, String workerCpus) throws Exception {
        Path home = Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
        try {
            GatlingProcess.classpath(home); // fail before starting anything when the simulations are not built
        } catch (IllegalStateException e) {
            System.err.println("lab demo: " + e.getMessage());
            return 2;
        }
        String machine = machine(); // before pinning: this JVM then sees only the others' CPUs
        Placement placement = Placement.choose(workerCpus);
        String timestamp = LocalDateTime.now().format(STAMP);
        Path dir = resultsRoot.resolve(timestamp).toAbsolutePath();
        Files.createDirectories(dir);
        logTo(dir.resolve("lab.log"));
        String load = Placement.loadAverage();

        List<Scenario> scenarios = Scenario.demo();
        System.out.println("sync-async lab demo: the reference arguments, measured against the theory (about 3 minutes)");
        System.out.println("results: " + dir);
        // The config is read on the workers' CPUs, so "workers: auto" means one per CPU the workers get.
        LabConfig config = demoConfig(placement.onWorkerCpus(() -> ConfigLoader.load(configFile, demoEnvironment())));
        try (Guard guard = Guard.start(placement.cpus(), dir.resolve("stalls-gatling.csv"))) {
            Lab lab = Lab.start(config, null, placement.cpuPlacement());
            try {
                say("lab up: " + config.sync().workers() + " sync workers (" + config.sync().threads() + " thread"
                        + (config.sync().threads() == 1 ? "" : "s") + " each), " + config.async().workers()
                        + " async worker" + (config.async().workers() == 1 ? "" : "s") + " (" + config.async().eventLoops()
                        + " event loop each), " + config.virtual().workers() + " virtual worker"
                        + (config.virtual().workers() == 1 ? "" : "s") + " (a virtual thread per request), balancer on "
                        + lab.url());
                say(placement.describe(lab.placement()));
                say("watch it live: " + lab.adminUrl() + "/ (the queue, the slots and the waves as the simulations run)");
                Outcome outcome = new Outcome();
                for (String topology : pools(config)) {
                    runTopology(topology, home, dir, lab, config, placement, guard, scenarios, outcome);
                }
                return finish(dir, timestamp, machine + "; " + placement.summary(), load, scenarios, outcome);
            } finally {
                lab.shutdown(Duration.ofSeconds(5));
            }
        }
    }

    /** The pools the demo runs on, in the report's order: those of the config that have workers. */
    static List<String> pools(LabConfig config) {
        List<String> pools = new ArrayList<>();
        if (config.sync().workers() > 0) {
            pools.add(Topology.SYNC.label());
        }
        if (config.async().workers() > 0) {
            pools.add(Topology.ASYNC.label());
        }
        if (config.virtual().workers() > 0) {
            pools.add(Topology.VIRTUAL.label());
        }
        return pools;
    }

    /** What the demo gathered across the topologies. */
    private static final class Outcome {
        final List<Row> rows = new ArrayList<>();
        final List<Distribution> distributions = new ArrayList<>();
        final List<DemoReport.Timeline> timelines = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
    }

    private void runTopology(String topology, Path home, Path dir, Lab lab, LabConfig config, Placement placement,
                             Guard guard, List<Scenario> scenarios, Outcome outcome) throws Exception {
        switchTo(lab, topology);
        List<Scenario> here = scenarios.stream().filter(s -> s.topologies().contains(topology)).toList();
        say(topology + " pool active: running " + here.size() + " simulations");
        TimelineFetch timeline = new TimelineFetch(lab.adminUrl());
        long first = timeline.last();
        java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("cores", Integer.toString(placement.workerCores()));
        properties.put("eventLoops", Integer.toString(config.async().eventLoops()));
        // The offloaded row predicts with the threads of the active pool's offload pool.
        int poolThreads = Topology.VIRTUAL.label().equals(topology) ? config.virtual().offloadThreads() : config.async().offloadThreads();
        properties.put("poolThreads", Integer.toString(poolThreads));
        // DatabaseBottleneck: every worker's connections to the lab's PostgreSQL.
        properties.put("dbPool", Integer.toString(config.db().poolSize()));
        properties.put("lab.stallsFile", guard.gatlingStalls().toString());
        System.gc();
        WorkerCpu.Reading before = workerCpu(placement, timeline);
        try (GatlingProcess gatling = GatlingProcess.start(home, lab.url(), lab.adminUrl(), properties,
                dir.resolve("gatling").resolve(topology), dir.resolve("gatling-" + topology + ".log"),
                line -> progress(topology, line))) {
            guard.watchGatling(gatling.pid());
            calibrate(topology, gatling, guard, placement, timeline, before);
            for (Scenario scenario : here) {
                runScenario(topology, scenario, gatling, guard, timeline, dir, outcome);
            }
        }
        var requests = timeline.since(first);
        Files.writeString(dir.resolve("timeline-" + topology + ".json"), requests.encodePrettily());
        if (requests.getLong("overwritten", 0L) > 0) {
            outcome.notes.add("The balancer's timeline ring overwrote " + requests.getLong("overwritten")
                    + " requests of the " + topology + " run; raise balancer.timeline-size.");
        }
    }

    /**
     * Checks the calibration's window, and calibrates again (at most twice) while it was
     * disturbed; when every attempt was, the least disturbed one's costs are used, and said so.
     * Each attempt also gets what handling a request cost the workers' cores meanwhile
     * ({@link WorkerCpu}), which the Gatling JVM cannot see; the chosen costs go to it.
     */
    private void calibrate(String topology, GatlingProcess gatling, Guard guard, Placement placement,
                           TimelineFetch timeline, WorkerCpu.Reading before) throws Exception {
        GatlingProcess.Calibration best = null;
        double bestBadness = Double.POSITIVE_INFINITY;
        GatlingProcess.Calibration c = gatling.calibration();
        for (int attempt = 1; c != null; attempt++) {
            WorkerCpu.Reading after = workerCpu(placement, timeline);
            c = c.withWorkerCpu(before == null || after == null ? Double.NaN : after.msPerRequestSince(before));
            Disturbance d = guard.check(c.startMs(), c.endMs(), Guard.STALL_FLOOR_MS);
            double others = Double.isNaN(d.othersCores()) ? 0 : d.othersCores();
            double badness = d.disturbed() ? others + Math.max(d.labStallMs(), d.gatlingStallMs()) / 100 : -1;
            if (badness < bestBadness) {
                best = c;
                bestBadness = badness;
            }
            if (!d.disturbed()) {
                break;
            }
            reruns.add(topology + " calibration, attempt " + attempt + ": " + d.describe());
            if (attempt == ATTEMPTS) {
                say(topology + "  calibration disturbed in all " + ATTEMPTS + " attempts: predicting with the least "
                        + "disturbed one's costs");
                break;
            }
            say(topology + "  calibration disturbed (" + d.describe() + "): calibrating again");
            before = workerCpu(placement, timeline);
            c = gatling.recalibrate();
        }
        if (best != null) {
            gatling.use(best);
            say(topology + String.format(Locale.ROOT, "  predicting with a round trip of %.1f ms, a slot hold of %.2f ms, "
                    + "%.3f ms per request ahead in a burst%s", best.roundTripMs(), best.holdMs(), best.serialMs(),
                    Double.isNaN(best.workerCpuMs()) ? "" : String.format(Locale.ROOT,
                            " and %.2f ms of the workers' CPU per request", best.workerCpuMs())));
        }
    }

    /** The workers' CPU so far and the balancer's request count; null when the workers are not pinned. */
    private static WorkerCpu.Reading workerCpu(Placement placement, TimelineFetch timeline) throws Exception {
        if (placement.cpuPlacement() == null) {
            return null;
        }
        return new WorkerCpu.Reading(WorkerCpu.ticks(placement.cpuPlacement().workerCpus()), timeline.last());
    }

    /** Runs one simulation, again while the guard finds it disturbed (at most {@link #ATTEMPTS} times in all). */
    private void runScenario(String topology, Scenario scenario, GatlingProcess gatling, Guard guard,
                             TimelineFetch timeline, Path dir, Outcome outcome) throws Exception {
        List<String> earlier = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            System.gc(); // the lab's JVM collects now, outside the measurement
            long before = timeline.last();
            GatlingProcess.Result result = gatling.run(scenario);
            String seconds = String.format(Locale.ROOT, "%.1f s", (result.endMs() - result.startMs()) / 1000.0);
            if (result.report() == null || !Files.exists(result.report().resolve("lab.json"))) {
                outcome.notes.add(scenario.simulation() + " on " + topology + " did not run; see gatling-" + topology + ".log");
                say(topology + "  " + scenario.simulation() + " did not run");
                return;
            }
            Measurements.Run run = Measurements.read(result.report(), dir);
            List<String> disturbed = new ArrayList<>();
            List<Measurements.Measured> checked = new ArrayList<>();
            for (Measurements.Measured m : run.rows()) {
                Disturbance d = guard.check(m.fromMs(), m.toMs(), Guard.stallLimit(m.smallestMs()));
                if (d.disturbed()) {
                    disturbed.add(m.row().request() + ": " + d.describe());
                }
                checked.add(d.disturbed() ? m.with(DemoReport.DISTURBED, "disturbed: " + d.describe()
                        + (m.row().agrees() ? "" : "; measured: " + m.row().note()), attempt) : m);
            }
            if (!disturbed.isEmpty() && attempt < ATTEMPTS) {
                String why = String.join("; ", disturbed);
                earlier.add("attempt " + attempt + " disturbed (" + why + ")");
                reruns.add(topology + " " + scenario.simulation() + ", attempt " + attempt + ": " + why);
                say(topology + "  " + scenario.simulation() + " disturbed in " + seconds + " (" + why + "): running it again");
                continue;
            }
            String history = earlier.isEmpty() ? "" : String.join("; ", earlier);
            List<Row> rows = new ArrayList<>();
            for (Measurements.Measured m : checked) {
                Row r = m.row();
                String note = r.note().isBlank() ? history : history.isEmpty() ? r.note() : r.note() + "; " + history;
                rows.add(m.with(r.verdict(), note, attempt).row());
            }
            outcome.rows.addAll(rows);
            outcome.distributions.addAll(run.distributions());
            if (scenario.timeline()) {
                var since = timeline.since(before);
                for (Row row : rows) {
                    outcome.timelines.add(TimelineFetch.timeline(since, row.request(), topology, Measurements.tag(row.request())));
                }
            }
            say(topology + "  " + scenario.simulation() + " " + verdict(rows) + " in " + seconds
                    + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
            return;
        }
    }

    private static String verdict(List<Row> rows) {
        if (rows.stream().allMatch(Row::agrees)) {
            return "agrees with the theory";
        }
        long disagree = rows.stream().filter(r -> DemoReport.DISAGREES.equals(r.verdict())).count();
        long disturbed = rows.stream().filter(r -> DemoReport.DISTURBED.equals(r.verdict())).count();
        return (disagree > 0 ? "DISAGREES with the theory (" + disagree + " row" + (disagree == 1 ? "" : "s") + ")" : "")
                + (disagree > 0 && disturbed > 0 ? ", and " : "")
                + (disturbed > 0 ? "was disturbed (" + disturbed + " row" + (disturbed == 1 ? "" : "s") + ", no verdict)" : "");
    }

    private int finish(Path dir, String timestamp, String where, String load, List<Scenario> scenarios,
                       Outcome outcome) throws IOException {
        List<Row> rows = outcome.rows;
        rows.sort(Comparator.comparingInt((Row r) -> order(scenarios, r.simulation()))
                .thenComparingInt(r -> firstIndex(rows, r))
                .thenComparing(r -> Topology.BY_NAME.containsKey(r.topology())
                        ? Topology.BY_NAME.get(r.topology()).ordinal() : Topology.values().length));
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        List<String> notes = new ArrayList<>(outcome.notes);
        if (reruns.isEmpty()) {
            notes.add("Re-runs: none; the disturbance guard saw no other process and no stall beyond each row's limit.");
        } else {
            notes.add("Re-runs: " + reruns.size() + ", each because the disturbance guard saw other processes or a stall: "
                    + String.join("; ", reruns) + ".");
        }
        String machine = where + "; load average at start " + load;
        DemoReport report = new DemoReport(timestamp, machine, "./lab demo", elapsed, rows, outcome.timelines,
                outcome.distributions, notes);
        String table = ConsoleTable.render(rows);
        Files.writeString(dir.resolve("table.txt"), table);
        RowsFile.write(dir.resolve("rows.json"), rows, elapsed, machine, reruns);
        System.out.println();
        System.out.print(table);
        System.out.println("* = asserted: every statistic the theory predicts, within +-15% (plus two measured round trips "
                + "under 100 ms). Open load: latency counts from each request's intended send time; closed: a user waits "
                + "for each answer (see the report on coordinated omission).");
        ConsoleTable.notes(rows).forEach(n -> System.out.println("row: " + n));
        outcome.notes.forEach(n -> System.out.println("note: " + n));
        System.out.println(reruns.isEmpty() ? "re-runs: none (the guard saw no disturbance)"
                : "re-runs: " + reruns.size() + ", because the guard saw other processes or stalls (each is in the "
                        + "report's notes): " + RowsFile.tallyReruns(reruns));
        Path index = ReportWriter.write(report, dir);
        long disagree = rows.stream().filter(r -> DemoReport.DISAGREES.equals(r.verdict())).count();
        long disturbed = rows.stream().filter(r -> DemoReport.DISTURBED.equals(r.verdict())).count();
        System.out.printf(Locale.ROOT, "%nreport: %s (%.0f s in all)%n", index, elapsed);
        if (disagree > 0 || !outcome.notes.isEmpty()) {
            System.out.println(disagree + " of " + rows.size() + " rows disagree with the theory"
                    + (disturbed > 0 ? ", " + disturbed + " were disturbed" : "")
                    + (outcome.notes.isEmpty() ? "" : "; " + outcome.notes.size() + " note(s) above"));
            return 1;
        }
        if (disturbed > 0) {
            System.out.println(disturbed + " of " + rows.size() + " rows were disturbed by other processes or stalls in "
                    + "every attempt: no verdict on them (the other " + (rows.size() - disturbed) + " agree)");
            return DISTURBED;
        }
        System.out.println("every measurement agrees with the theory");
        return 0;
    }

    /**
     * The environment the demo reads its config with: the process's, and unless it says
     * otherwise, 10 failed health checks in a row before the balancer ejects a worker. The demo
     * blocks event loops on purpose (CpuBound computes 2 s on one loop, BlockingEventLoop 1 s):
     * a blocked loop cannot answer its health check, and with the default 2 failures the
     * balancer would eject the very worker the experiment is blocking, and the next simulation
     * would find no worker.
     */
    static java.util.Map<String, String> demoEnvironment() {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putIfAbsent("LAB_BALANCER_HEALTH_FAILURES", "10");
        return env;
    }

    /** The configured pools on free ports, routing to sync first, with room in the timeline for the whole demo. */
    static LabConfig demoConfig(LabConfig base) {
        return base.withTopology(Topology.SYNC)
                .withBalancer(base.balancer().withEphemeralPorts().withTimelineFile("").withTimelineSize(100_000))
                .withRegistry(base.registry().withEphemeralPort());
    }

    private static void switchTo(Lab lab, String topology) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create(lab.adminUrl() + "/admin/topology?topology=" + topology))
                .header("Authorization", "Bearer " + lab.balancer().adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("the balancer refused the switch to " + topology + ": " + response.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (lab.balancer().topology() != Topology.BY_NAME.get(topology)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the balancer did not switch to " + topology + " within 5 s");
            }
            // The switch lands on the balancer's event loop within milliseconds; do not spin a core meanwhile.
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** The Gatling JVM's lines worth showing: its calibration and the schedule's seed (the demo says the verdicts). */
    private void progress(String topology, String line) {
        if (line.startsWith("OpenModelRamp's schedule")
                || line.contains("could not run") || line.startsWith("Gatling ran")) {
            say(topology + "  " + line);
        }
    }

    private void say(String line) {
        System.out.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
    }

    private static int order(List<Scenario> scenarios, String simulation) {
        for (int i = 0; i < scenarios.size(); i++) {
            if (scenarios.get(i).simulation().equals(simulation)) {
                return i;
            }
        }
        return scenarios.size();
    }

    /** Where a request name first appears, so rows keep the simulation's own order. */
    private static int firstIndex(List<Row> rows, Row row) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).simulation().equals(row.simulation()) && rows.get(i).request().equals(row.request())) {
                return i;
            }
        }
        return rows.size();
    }

    /** Cores, CPU model, kernel and JVM: what docs/fidelity.md and the report say the run ran on. */
    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + Placement.cpuModel() + "), "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** The lab's log goes to a file: the terminal shows the demo's progress only. */
    private static void logTo(Path file) {
        Logging.onlyTo(file);
    }
}
