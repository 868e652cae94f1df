package dev.syncasync.demo;

import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.lab.Lab;
import dev.syncasync.logging.Logging;
import dev.syncasync.report.DemoReport.Distribution;
import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.DemoReport;
import dev.syncasync.report.ReportWriter;
import io.vertx.core.json.JsonObject;
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
 * {@code config/topology.yml} (both pools, on free ports so a running {@code ./lab up} is
 * left alone), routes to the sync pool, runs the Gatling simulations, switches to the async
 * pool, runs them again, then prints predicted beside measured values and writes a
 * self-contained report to {@code results/<timestamp>/index.html}.
 *
 * <p>Threads: this one drives everything; the lab's servers run on their own threads in
 * this JVM; Gatling runs in a child JVM so the load generator shares neither heap nor JIT
 * with the servers it measures.
 */
public final class Demo {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final long startNanos = System.nanoTime();

    private Demo() {
    }

    /**
     * Runs the demo with the topology in {@code configFile}, writing under {@code results}; returns
     * the exit code: 0 when every measurement agrees with the theory, 1 otherwise, 2 when it
     * cannot run (the simulations are not built).
     */
    public static int runWith(Path results, Path configFile) throws Exception {
        return new Demo().run(results, configFile);
    }

    private int run(Path resultsRoot, Path configFile) throws Exception {
        Path home = Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
        try {
            GatlingProcess.classpath(home); // fail before starting anything when the simulations are not built
        } catch (IllegalStateException e) {
            System.err.println("lab demo: " + e.getMessage());
            return 2;
        }
        LabConfig config = demoConfig(ConfigLoader.load(configFile));
        String timestamp = LocalDateTime.now().format(STAMP);
        Path dir = resultsRoot.resolve(timestamp).toAbsolutePath();
        Files.createDirectories(dir);
        logTo(dir.resolve("lab.log"));

        List<Scenario> scenarios = Scenario.demo();
        System.out.println("sync-async lab demo: the reference arguments, measured against the theory (about 2 minutes)");
        System.out.println("results: " + dir);
        Lab lab = Lab.start(config);
        try {
            say("lab up: " + config.sync().workers() + " sync workers (" + config.sync().threads() + " thread"
                    + (config.sync().threads() == 1 ? "" : "s") + " each), " + config.async().workers()
                    + " async workers (" + config.async().eventLoops() + " event loop each), balancer on " + lab.url());
            List<Row> rows = new ArrayList<>();
            List<Distribution> distributions = new ArrayList<>();
            List<DemoReport.Timeline> timelines = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            TimelineFetch timeline = new TimelineFetch(lab.adminUrl());
            for (String topology : List.of("sync", "async")) {
                switchTo(lab, topology);
                List<Scenario> here = scenarios.stream().filter(s -> s.topologies().contains(topology)).toList();
                say(topology + " pool active: running " + here.size() + " simulations");
                long before = timeline.last();
                List<GatlingProcess.Result> done = GatlingProcess.run(home, here, lab.url(), lab.adminUrl(),
                        dir.resolve("gatling").resolve(topology), dir.resolve("gatling-" + topology + ".log"),
                        line -> progress(topology, line));
                JsonObject requests = timeline.since(before);
                Files.writeString(dir.resolve("timeline-" + topology + ".json"), requests.encodePrettily());
                if (requests.getLong("overwritten", 0L) > 0) {
                    notes.add("The balancer's timeline ring overwrote " + requests.getLong("overwritten")
                            + " requests of the " + topology + " run; raise balancer.timeline-size.");
                }
                for (GatlingProcess.Result result : done) {
                    if (result.report() == null || !Files.exists(result.report().resolve("lab.json"))) {
                        notes.add(result.simulation() + " on " + topology + " did not run; see gatling-" + topology + ".log");
                        continue;
                    }
                    Measurements.Run run = Measurements.read(result.report(), dir);
                    rows.addAll(run.rows());
                    distributions.addAll(run.distributions());
                    Scenario scenario = here.stream().filter(s -> s.simulation().equals(result.simulation())).findFirst()
                            .orElseThrow();
                    if (scenario.timeline()) {
                        for (Row row : run.rows()) {
                            timelines.add(TimelineFetch.timeline(requests, row.request(), topology,
                                    Measurements.tag(row.request())));
                        }
                    }
                }
            }
            rows.sort(Comparator.comparingInt((Row r) -> order(scenarios, r.simulation()))
                    .thenComparingInt(r -> firstIndex(rows, r))
                    .thenComparing(r -> r.topology().equals("sync") ? 0 : 1));
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            DemoReport report = new DemoReport(timestamp, machine(), "./lab demo", elapsed, rows, timelines,
                    distributions, notes);
            String table = ConsoleTable.render(rows);
            Files.writeString(dir.resolve("table.txt"), table);
            System.out.println();
            System.out.print(table);
            System.out.println("* = asserted by the simulation. Open load: latency counts from each request's intended "
                    + "send time; closed: a user waits for each answer (see the report on coordinated omission).");
            notes.forEach(n -> System.out.println("note: " + n));
            Path index = ReportWriter.write(report, dir);
            long disagree = rows.stream().filter(r -> !r.agrees()).count();
            System.out.printf(Locale.ROOT, "%nreport: %s (%.0f s in all)%n", index, elapsed);
            if (disagree > 0 || !notes.isEmpty()) {
                System.out.println(disagree + " of " + rows.size() + " measurements disagree with the theory"
                        + (notes.isEmpty() ? "" : "; " + notes.size() + " note(s) above"));
                return 1;
            }
            System.out.println("every measurement agrees with the theory");
            return 0;
        } finally {
            lab.shutdown(Duration.ofSeconds(5));
        }
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

    private void progress(String topology, String line) {
        if (line.startsWith("running ") || line.contains(" against ") || line.startsWith("each request pays")) {
            return;
        }
        int report = line.indexOf("; report ");
        say(topology + "  " + (report < 0 ? line : line.substring(0, report)));
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

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }

    /** The lab's log goes to a file: the terminal shows the demo's progress only. */
    private static void logTo(Path file) {
        Logging.onlyTo(file);
    }
}
