package dev.syncasync.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncasync.measurements.Percentiles;
import dev.syncasync.measurements.RequestSamples.Sample;
import dev.syncasync.measurements.RequestSamples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What one sweep point measured: the clients' view from Gatling's requests.csv (latencies,
 * throughput, failures) beside the containers' view from the stats API (CPU, memory).
 *
 * @param point          1-based position in the sweep
 * @param spec           the lab
 * @param simulation     the simulation that ran
 * @param status         RunSimulation's status: 0 = the theory-derived assertions held, else they did not
 *                       (the point's gatling.log says which)
 * @param requests       measured requests (the warm-up excluded)
 * @param failed         requests that did not get a 200
 * @param throughput     requests per second, first send to last answer
 * @param p50            latency percentiles and maximum in ms (nearest rank)
 * @param maxInFlight    the most requests in flight at once, as the clients saw them
 * @param balancer       the balancer container's CPU and memory
 * @param workers        each worker container's CPU and memory
 * @param placement      where the balancer, the workers and the Gatling run ran
 * @param attempts       how many times the simulation ran (the disturbance guard's re-runs, {@link PointGuard})
 * @param disturbed      what disturbed it in every attempt ("" when the kept attempt was not disturbed)
 */
record PointResult(int point, LabSpec spec, String simulation, int status, int requests, int failed,
                   double throughput, double p50, double p95, double p99, double max, int maxInFlight,
                   StatsSampler.Summary balancer, List<StatsSampler.Summary> workers, Placement placement,
                   int attempts, String disturbed) {

    PointResult {
        workers = List.copyOf(workers);
    }

    /** This point after the guard: its attempts, and what disturbed every one of them ("" when not). */
    PointResult guarded(int attempts, String disturbed) {
        return new PointResult(point, spec, simulation, status, requests, failed, throughput, p50, p95, p99, max,
                maxInFlight, balancer, workers, placement, attempts, disturbed);
    }

    /** Disturbed in every attempt: no verdict on it. */
    boolean isDisturbed() {
        return !disturbed.isEmpty();
    }

    /**
     * The smallest latency the run's {@code lab.json} predicts (p50, p95 or max of any
     * expectation; NaN when none), which sets the stall the point can absorb.
     */
    static double smallestPrediction(Path report) {
        try {
            JsonNode expectations = new ObjectMapper().readTree(report.resolve("lab.json").toFile()).path("expectations");
            double smallest = Double.NaN;
            for (JsonNode e : expectations) {
                for (String stat : List.of("p50", "p95", "max")) {
                    double v = e.path(stat).asDouble(Double.NaN);
                    if (v > 0 && !(v >= smallest)) {
                        smallest = v;
                    }
                }
            }
            return smallest;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static PointResult of(int point, LabSpec spec, String simulation, int status, List<Sample> samples,
                          List<StatsSampler.Summary> containers) {
        return of(point, spec, simulation, status, samples, containers, Placement.UNKNOWN);
    }

    /** The point's measurements and where its parts ran. */
    static PointResult of(int point, LabSpec spec, String simulation, int status, List<Sample> samples,
                          List<StatsSampler.Summary> containers, Placement placement) {
        double[] sorted = samples.stream().mapToDouble(Sample::responseMs).sorted().toArray();
        double nan = Double.NaN;
        return new PointResult(point, spec, simulation, status, samples.size(),
                (int) samples.stream().filter(s -> !s.ok()).count(), RequestSamples.throughput(samples),
                sorted.length == 0 ? nan : Percentiles.nearestRank(sorted, 0.50),
                sorted.length == 0 ? nan : Percentiles.nearestRank(sorted, 0.95),
                sorted.length == 0 ? nan : Percentiles.nearestRank(sorted, 0.99),
                sorted.length == 0 ? nan : sorted[sorted.length - 1], RequestSamples.maxInFlight(samples),
                containers.get(0), containers.subList(1, containers.size()), placement, 1, "");
    }

    /** The mean over worker containers of each one's mean CPU % (100 = one core). */
    double workerCpuMean() {
        return workers.stream().mapToDouble(StatsSampler.Summary::meanCpu).average().orElse(Double.NaN);
    }

    /** The busiest reading of any worker container. */
    double workerCpuMax() {
        return workers.stream().mapToDouble(StatsSampler.Summary::maxCpu).max().orElse(Double.NaN);
    }

    /** The mean over worker containers of each one's mean memory. */
    double workerMemoryMean() {
        return workers.stream().mapToDouble(StatsSampler.Summary::meanMemoryMib).average().orElse(Double.NaN);
    }

    /** The largest reading of any worker container. */
    double workerMemoryMax() {
        return workers.stream().mapToDouble(StatsSampler.Summary::maxMemoryMib).max().orElse(Double.NaN);
    }

    /** Every worker container's peak memory, added up: what the pool costs. */
    double poolMemoryMib() {
        return workers.stream().mapToDouble(StatsSampler.Summary::maxMemoryMib).sum();
    }

    /**
     * The pool's peak memory divided by the most requests in flight at once: what one request
     * in flight costs when the pool is sized for that load (idle JVM memory included, on purpose:
     * a sync pool pays it per slot).
     */
    double memoryPerInFlightMib() {
        return maxInFlight == 0 ? Double.NaN : poolMemoryMib() / maxInFlight;
    }
}
