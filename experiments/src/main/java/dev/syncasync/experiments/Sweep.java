package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import dev.syncasync.measurements.Attempts;
import dev.syncasync.measurements.Disturbance;
import dev.syncasync.measurements.RequestSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./lab sweep [FILE]}: for each point of a sweep file, a lab of containers, the
 * simulation in a Gatling container on its network while the stats API samples every
 * container, then the lab removed; at the end {@code sweep.csv} and {@code index.html}.
 */
final class Sweep {

    private final DockerClient docker;
    private final RunLabel label;
    private final ExperimentOptions options;
    private final Progress progress;
    private final List<PlanRow> planRows = new ArrayList<>();
    private final List<PointResult> points = new ArrayList<>();
    private final List<DbPoolRow> dbRows = new ArrayList<>();

    Sweep(DockerClient docker, RunLabel label, ExperimentOptions options, Progress progress) {
        this.docker = docker;
        this.label = label;
        this.options = options;
        this.progress = progress;
    }

    /**
     * The exit code: 1 when a plan grid's or DatabaseBottleneck's point that was not disturbed
     * measured outside its band; otherwise 3 when some point was disturbed in every attempt (no
     * verdict on it); else 0.
     */
    int exitCode() {
        return exitCode(planRows, dbRows, points);
    }

    /**
     * {@link #exitCode()} of a sweep that measured {@code points}, with {@code planRows} for a plan
     * grid and {@code dbRows} for a DatabaseBottleneck sweep.
     */
    static int exitCode(List<PlanRow> planRows, List<DbPoolRow> dbRows, List<PointResult> points) {
        if (planRows.stream().anyMatch(PlanRow::outside) || dbRows.stream().anyMatch(DbPoolRow::outside)) {
            return 1;
        }
        return points.stream().anyMatch(PointResult::isDisturbed) ? DISTURBED : 0;
    }

    /** Exit code when nothing disagrees but some point was disturbed in every attempt (as the demo's). */
    static final int DISTURBED = 3;

    /** Runs every point of {@code config}; returns the results directory. */
    Path run(SweepConfig config, String command) throws IOException, InterruptedException {
        Path dir = options.resultsDir();
        Files.createDirectories(dir);
        progress.say("sweep " + config.source() + ": " + config.points().size() + " points, " + config.simulation()
                + " " + String.join(" ", config.parameters()) + "; results in " + dir);
        for (int i = 0; i < config.plan().size(); i++) {
            progress.say(String.format(Locale.ROOT, "point %d/%d planned: %s", i + 1, config.points().size(),
                    PlanGridReport.planned(config.plan().get(i))));
        }
        options.ensureImages(docker, dir.resolve("build.log"), progress);
        List<PointResult> results = new ArrayList<>();
        long start = System.nanoTime();
        for (LabSpec spec : config.points()) {
            int point = results.size() + 1;
            try {
                results.add(point(config, spec, point, dir));
            } catch (ExperimentException e) {
                // Keep what the earlier points measured: a sweep of many minutes is not all lost to its last point.
                if (!results.isEmpty()) {
                    SweepCsv.write(results, dir);
                    progress.say("point " + point + " failed; the " + results.size() + " points before it are in "
                            + dir.resolve("sweep.csv"));
                }
                throw e;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Duration left = elapsed.dividedBy(point).multipliedBy(config.points().size() - point);
            PointResult r = results.get(point - 1);
            progress.say(String.format(Locale.ROOT, "point %d/%d %-9s %5d req %3d failed %8.1f req/s p50 %6.0f ms "
                            + "p99 %6.0f ms, workers %5.1f%% CPU %6.1f MiB each%s (elapsed %s, about %s left)",
                    point, config.points().size(), spec, r.requests(), r.failed(), r.throughput(), r.p50(), r.p99(),
                    r.workerCpuMean(), r.workerMemoryMean(), r.isDisturbed() ? ", DISTURBED in all " + r.attempts()
                            + " attempts (" + r.disturbed() + ")" : r.attempts() > 1 ? " (attempt " + r.attempts() + ")" : "",
                    Progress.time(elapsed), Progress.time(left)));
            progress.say(String.format(Locale.ROOT, "point %d/%d ran on: balancer %s, workers %s, gatling %s%s", point,
                    config.points().size(), r.placement().balancer(), r.placement().workersByNode(),
                    r.placement().generator(), r.placement().apart() ? " (each part on machines of its own)" : ""));
            if (config.isPlanGrid()) {
                progress.say(String.format(Locale.ROOT, "point %d/%d %s", point, config.points().size(),
                        PlanGridReport.line(planRows.get(planRows.size() - 1))));
            }
            if (!dbRows.isEmpty() && dbRows.get(dbRows.size() - 1).point() == point) {
                progress.say(String.format(Locale.ROOT, "point %d/%d %s", point, config.points().size(),
                        DbPoolReport.line(dbRows.get(dbRows.size() - 1))));
            }
        }
        SweepCsv.write(results, dir);
        points.addAll(results);
        if (config.isPlanGrid()) {
            PlanGridReport.writeCsv(planRows, dir);
            PlanGridReport.table(planRows).lines().forEach(progress::say);
            long outside = planRows.stream().filter(PlanRow::outside).count();
            if (outside > 0) {
                progress.say(outside + " of " + planRows.size() + " points measured OUTSIDE their band: the prediction "
                        + "disagrees there (exit 1); each row says by how much");
            }
        }
        if (!dbRows.isEmpty()) {
            DbPoolReport.writeCsv(dbRows, dir);
            long outside = dbRows.stream().filter(DbPoolRow::outside).count();
            if (outside > 0) {
                progress.say(outside + " of " + dbRows.size() + " points measured OUTSIDE their band: the theory "
                        + "disagrees there (exit 1); each point's line says by how much");
            }
        }
        long disturbed = results.stream().filter(PointResult::isDisturbed).count();
        long rerun = results.stream().filter(r -> r.attempts() > 1).count();
        progress.say(rerun == 0 ? "re-runs: none (the disturbance guard saw no disturbance)" : String.format(Locale.ROOT,
                "re-runs: %d point%s ran again because the disturbance guard saw other processes or a stall; %d "
                        + "disturbed in every attempt%s", rerun, rerun == 1 ? "" : "s", disturbed, disturbed == 0 ? ""
                        : " (no verdict: counted neither inside nor outside a band; exit 3 unless a point is outside)"));
        Path html = SweepReport.write(config, results, planRows, dbRows, dir, command);
        progress.say("wrote " + dir.resolve("sweep.csv") + (config.isPlanGrid() ? ", " + dir.resolve("plan-grid.csv")
                + ", " + dir.resolve("plan-grid.svg") : "") + " and " + html);
        return dir;
    }

    /** One attempt at a point: what it measured, and what the guard saw meanwhile. */
    private record Attempt(PointResult result, PlanRow planRow, DbPoolRow dbRow, Disturbance disturbance) {
    }

    /**
     * One point: its lab, then the simulation again while the disturbance guard finds it
     * disturbed (at most {@link Attempts#ATTEMPTS} times in all, on the same lab); a point
     * disturbed in every attempt keeps its last measurement, marked disturbed.
     */
    private PointResult point(SweepConfig config, LabSpec spec, int point, Path dir)
            throws IOException, InterruptedException {
        String prefix = "p" + point;
        Path pointDir = Files.createDirectories(dir.resolve(String.format(Locale.ROOT, "p%d-%s-%d%s", point,
                spec.topology(), spec.workers(), spec.hasDatabase() ? "-pool" + spec.dbPoolSize() : "")));
        try (Lab lab = options.startLab(docker, label, prefix, spec); PointGuard guard = PointGuard.start()) {
            Map<String, String> roles = new LinkedHashMap<>();
            roles.put(lab.balancer(), "balancer");
            List<String> workers = lab.workers();
            for (int i = 0; i < workers.size(); i++) {
                roles.put(workers.get(i), spec.workerRole() + "-" + (i + 1));
            }
            roles.keySet().forEach(id -> guard.watch(lab.engineOf(id), id));
            // The database is part of what the point measures: its CPU is the lab's, not a disturbance.
            lab.supporting().forEach(id -> guard.watch(lab.engineOf(id), id));
            Attempts<Attempt> tried;
            try {
                tried = Attempts.measure(attempt -> attempt(config, spec, point, pointDir, lab, roles, guard, attempt),
                        Attempt::disturbance, why -> progress.say(String.format(Locale.ROOT,
                                "point %d/%d disturbed (%s): running it again", point, config.points().size(), why)));
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Attempt kept = tried.result();
            String disturbed = tried.disturbed() ? String.join("; ", tried.disturbances()) : "";
            if (kept.planRow() != null) {
                planRows.add(kept.planRow().guarded(tried.attempts(), disturbed));
            }
            if (kept.dbRow() != null) {
                dbRows.add(kept.dbRow().guarded(disturbed));
            }
            return kept.result().guarded(tried.attempts(), disturbed);
        }
    }

    private Attempt attempt(SweepConfig config, LabSpec spec, int point, Path pointDir, Lab lab, Map<String, String> roles,
                            PointGuard guard, int attempt) throws IOException, InterruptedException {
        String suffix = attempt == 1 ? "" : "-" + attempt;
        Generator gatling = lab.generator(options.images().image("gatling"));
        Path stalls = pointDir.resolve("stalls-gatling-" + attempt + ".csv");
        GatlingContainer.Result result;
        List<StatsSampler.Summary> stats;
        String generatorNode;
        try (StatsSampler sampler = StatsSampler.start(lab::engineOf, roles)) {
            String id = gatling.start("p" + point + "-gatling" + suffix, pointDir, config.simulation(),
                    config.parametersOf(point - 1));
            guard.watch(lab.engineOf(id), id);
            try {
                result = gatling.await(id, pointDir, pointDir.resolve("gatling" + suffix + ".log"), config.timeoutS());
                generatorNode = gatling.node(id);
            } finally {
                gatling.remove(id);
            }
            stats = sampler.summaries();
        }
        Placement placement = new Placement(lab.node(lab.balancer()), lab.workers().stream().map(lab::node).toList(),
                generatorNode);
        if (!result.measured()) {
            throw new ExperimentException("point " + point + " (" + spec + "): the Gatling run measured nothing "
                    + "(exit " + result.exitCode() + "); its console: " + result.log());
        }
        List<RequestSamples.Sample> samples = RequestSamples.read(result.report().resolve("requests.csv"));
        PlanRow planRow = config.isPlanGrid() ? PlanRow.read(point, config.plan().get(point - 1), result.report(), samples)
                : null;
        // The window of the point's own requests; a stall may take 5% of its smallest prediction.
        long from = samples.stream().mapToLong(RequestSamples.Sample::sendMs).min().orElse(0);
        long to = samples.stream().mapToLong(RequestSamples.Sample::endMs).max().orElse(0);
        double smallest = planRow != null ? planRow.run().p50() : PointResult.smallestPrediction(result.report());
        Path written = pointDir.resolve(GatlingContainer.STALLS_FILE);
        if (Files.exists(written)) {
            Files.move(written, stalls, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        DbPoolRow dbRow = spec.hasDatabase() && config.simulation().equals("DatabaseBottleneck")
                ? DbPoolRow.read(point, spec, result.report(), samples) : null;
        Disturbance d = samples.isEmpty() ? Disturbance.UNMEASURED
                : guard.check(from, to, Disturbance.stallLimit(smallest), stalls);
        return new Attempt(PointResult.of(point, spec, config.simulation(), result.status(), samples, stats, placement),
                planRow, dbRow, d);
    }
}
