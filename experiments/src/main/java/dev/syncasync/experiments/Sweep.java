package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
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
    private final List<DbPoolRow> dbRows = new ArrayList<>();

    Sweep(DockerClient docker, RunLabel label, ExperimentOptions options, Progress progress) {
        this.docker = docker;
        this.label = label;
        this.options = options;
        this.progress = progress;
    }

    /**
     * Whether every point of a plan grid, and every DatabaseBottleneck point, measured inside its band
     * (true for a sweep without either).
     */
    boolean everyPlanPointInside() {
        return planRows.stream().allMatch(PlanRow::inside) && dbRows.stream().allMatch(DbPoolRow::inside);
    }

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
                            + "p99 %6.0f ms, workers %5.1f%% CPU %6.1f MiB each (elapsed %s, about %s left)",
                    point, config.points().size(), spec, r.requests(), r.failed(), r.throughput(), r.p50(), r.p99(),
                    r.workerCpuMean(), r.workerMemoryMean(), Progress.time(elapsed), Progress.time(left)));
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
        if (config.isPlanGrid()) {
            PlanGridReport.writeCsv(planRows, dir);
            PlanGridReport.table(planRows).lines().forEach(progress::say);
            long outside = planRows.stream().filter(r -> !r.inside()).count();
            if (outside > 0) {
                progress.say(outside + " of " + planRows.size() + " points measured OUTSIDE their band: the prediction "
                        + "disagrees there (exit 1); each row says by how much");
            }
        }
        if (!dbRows.isEmpty()) {
            DbPoolReport.writeCsv(dbRows, dir);
            long outside = dbRows.stream().filter(r -> !r.inside()).count();
            if (outside > 0) {
                progress.say(outside + " of " + dbRows.size() + " points measured OUTSIDE their band: the theory "
                        + "disagrees there (exit 1); each point's line says by how much");
            }
        }
        Path html = SweepReport.write(config, results, planRows, dbRows, dir, command);
        progress.say("wrote " + dir.resolve("sweep.csv") + (config.isPlanGrid() ? ", " + dir.resolve("plan-grid.csv")
                + ", " + dir.resolve("plan-grid.svg") : "") + " and " + html);
        return dir;
    }

    private PointResult point(SweepConfig config, LabSpec spec, int point, Path dir)
            throws IOException, InterruptedException {
        String prefix = "p" + point;
        Path pointDir = Files.createDirectories(dir.resolve(String.format(Locale.ROOT, "p%d-%s-%d%s", point,
                spec.topology(), spec.workers(), spec.hasDatabase() ? "-pool" + spec.dbPoolSize() : "")));
        try (Lab lab = options.startLab(docker, label, prefix, spec)) {
            Map<String, String> roles = new LinkedHashMap<>();
            roles.put(lab.balancer(), "balancer");
            List<String> workers = lab.workers();
            for (int i = 0; i < workers.size(); i++) {
                roles.put(workers.get(i), spec.workerRole() + "-" + (i + 1));
            }
            Generator gatling = lab.generator(options.images().image("gatling"));
            GatlingContainer.Result result;
            List<StatsSampler.Summary> stats;
            String generatorNode;
            try (StatsSampler sampler = StatsSampler.start(lab::engineOf, roles)) {
                String id = gatling.start(prefix + "-gatling", pointDir, config.simulation(), config.parametersOf(point - 1));
                try {
                    result = gatling.await(id, pointDir, pointDir.resolve("gatling.log"), config.timeoutS());
                    generatorNode = gatling.node(id);
                } finally {
                    gatling.remove(id);
                }
                stats = sampler.summaries();
            }
            Placement placement = new Placement(lab.node(lab.balancer()), workers.stream().map(lab::node).toList(),
                    generatorNode);
            if (!result.measured()) {
                throw new ExperimentException("point " + point + " (" + spec + "): the Gatling run measured nothing "
                        + "(exit " + result.exitCode() + "); its console: " + result.log());
            }
            List<RequestSamples.Sample> samples = RequestSamples.read(result.report().resolve("requests.csv"));
            if (config.isPlanGrid()) {
                planRows.add(PlanRow.read(point, config.plan().get(point - 1), result.report(), samples));
            }
            if (spec.hasDatabase() && config.simulation().equals("DatabaseBottleneck")) {
                dbRows.add(DbPoolRow.read(point, spec, result.report(), samples));
            }
            return PointResult.of(point, spec, config.simulation(), result.status(), samples, stats, placement);
        }
    }
}
