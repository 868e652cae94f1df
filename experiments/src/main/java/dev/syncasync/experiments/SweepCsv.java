package dev.syncasync.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code sweep.csv}: one row per point; and {@code containers.csv}: one row per container of each point. */
final class SweepCsv {

    static final String HEADER = "point,topology,workers,threads,simulation,status,requests,failed,throughput_rps,"
            + "p50_ms,p95_ms,p99_ms,max_ms,max_in_flight,balancer_cpu_mean_pct,balancer_cpu_max_pct,"
            + "balancer_mem_mean_mib,balancer_mem_max_mib,worker_cpu_mean_pct,worker_cpu_max_pct,"
            + "worker_mem_mean_mib,worker_mem_max_mib,pool_mem_mib,mem_per_in_flight_mib,"
            + "balancer_node,worker_nodes,generator_node,attempts,disturbed";

    private SweepCsv() {
    }

    static void write(List<PointResult> results, Path dir) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        StringBuilder containers = new StringBuilder("point,topology,workers,container,samples,cpu_mean_pct,"
                + "cpu_max_pct,mem_mean_mib,mem_max_mib,node\n");
        for (PointResult r : results) {
            csv.append(row(r)).append('\n');
            containers.append(container(r, r.balancer())).append('\n');
            r.workers().forEach(w -> containers.append(container(r, w)).append('\n'));
        }
        Files.writeString(dir.resolve("sweep.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("containers.csv"), containers, StandardCharsets.UTF_8);
    }

    static String row(PointResult r) {
        return String.join(",", Integer.toString(r.point()), r.spec().topology(), Integer.toString(r.spec().workers()),
                Integer.toString(r.spec().threads()), r.simulation(), Integer.toString(r.status()),
                Integer.toString(r.requests()), Integer.toString(r.failed()), num(r.throughput()), num(r.p50()),
                num(r.p95()), num(r.p99()), num(r.max()), Integer.toString(r.maxInFlight()),
                num(r.balancer().meanCpu()), num(r.balancer().maxCpu()), num(r.balancer().meanMemoryMib()),
                num(r.balancer().maxMemoryMib()), num(r.workerCpuMean()), num(r.workerCpuMax()),
                num(r.workerMemoryMean()), num(r.workerMemoryMax()), num(r.poolMemoryMib()),
                num(r.memoryPerInFlightMib()), r.placement().balancer(), r.placement().workersByNode(),
                r.placement().generator(), Integer.toString(r.attempts()), cell(r.disturbed()));
    }

    /** What disturbed a point in every attempt as one cell (its commas become semicolons); "no" when nothing did. */
    static String cell(String disturbed) {
        return disturbed.isEmpty() ? "no" : disturbed.replace(",", ";");
    }

    private static String container(PointResult r, StatsSampler.Summary s) {
        return String.join(",", Integer.toString(r.point()), r.spec().topology(), Integer.toString(r.spec().workers()),
                s.role(), Integer.toString(s.samples()), num(s.meanCpu()), num(s.maxCpu()), num(s.meanMemoryMib()),
                num(s.maxMemoryMib()), r.placement().node(s.role()));
    }

    /** Two decimals, a dot on every machine; empty for unknown (NaN). */
    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "";
    }
}
