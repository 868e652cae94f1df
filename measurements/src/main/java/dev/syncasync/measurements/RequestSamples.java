package dev.syncasync.measurements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The requests one simulation run measured, as {@code RunSimulation} writes them to
 * {@code <report>/requests.csv} ({@code name,endMs,responseMs,ok}), and the statistics the lab
 * computes from them: throughput from the first send to the last answer. Shared by the demo and the experiments so
 * both read a run the same way.
 */
public final class RequestSamples {

    /** One measured request. */
    public record Sample(String name, long endMs, int responseMs, boolean ok) {

        /** When the request was sent (epoch ms). */
        public long sendMs() {
            return endMs - responseMs;
        }
    }

    private RequestSamples() {
    }

    /** Every request in {@code csv}; none when the file does not exist (a run that never started). */
    public static List<Sample> read(Path csv) throws IOException {
        return Files.exists(csv) ? parse(Files.readAllLines(csv)) : List.of();
    }

    /** The requests in the lines of a requests.csv, header first; lines without a response time are skipped. */
    public static List<Sample> parse(List<String> lines) {
        List<Sample> out = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < 4 || f[2].isEmpty()) {
                continue;
            }
            out.add(new Sample(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Boolean.parseBoolean(f[3])));
        }
        return out;
    }

    /**
     * The {@code tag=} a simulation puts on a request named {@code name}, so the balancer's
     * timeline and requests.csv can be matched: "100 at once, io=400" -> "100-at-once-io-400".
     */
    public static String tag(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /**
     * The statistics the lab compares with a prediction: nearest-rank p50 and p95
     * ({@link Percentiles}), the largest latency (ms), and requests per second from the first
     * send to the last answer.
     */
    public record Stats(double p50, double p95, double max, double throughput) {

        /** Nothing measured. */
        public static final Stats NONE = new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        /** The statistic named {@code p50}, {@code p95}, {@code max} or {@code throughput}. */
        public double get(String statistic) {
            return switch (statistic) {
                case "p50" -> p50;
                case "p95" -> p95;
                case "max" -> max;
                case "throughput" -> throughput;
                default -> throw new IllegalArgumentException("unknown statistic " + statistic);
            };
        }
    }

    /** The statistics of each request's latency. */
    public static Stats stats(List<Sample> samples) {
        if (samples.isEmpty()) {
            return Stats.NONE;
        }
        double[] sorted = samples.stream().mapToDouble(Sample::responseMs).sorted().toArray();
        return new Stats(Percentiles.nearestRank(sorted, 0.50), Percentiles.nearestRank(sorted, 0.95),
                sorted[sorted.length - 1], throughput(samples));
    }

    /**
     * The statistics of a group of requests sent one after another by one client: its one
     * duration, from the first send to the last answer, is its p50, p95 and max.
     */
    public static Stats span(List<Sample> samples) {
        if (samples.isEmpty()) {
            return Stats.NONE;
        }
        long first = samples.stream().mapToLong(Sample::sendMs).min().orElseThrow();
        long last = samples.stream().mapToLong(Sample::endMs).max().orElseThrow();
        double total = last - first;
        return new Stats(total, total, total, throughput(samples));
    }

    /** Requests per second from the first send to the last answer; NaN for fewer than one ms. */
    public static double throughput(List<Sample> samples) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        long first = samples.stream().mapToLong(Sample::sendMs).min().orElseThrow();
        long last = samples.stream().mapToLong(Sample::endMs).max().orElseThrow();
        return last > first ? samples.size() * 1000.0 / (last - first) : Double.NaN;
    }

    /** The most requests that were in flight at once (sent, not yet answered). */
    public static int maxInFlight(List<Sample> samples) {
        long[][] events = new long[samples.size() * 2][];
        int i = 0;
        for (Sample s : samples) {
            // At equal times an answer counts before a send: back-to-back requests do not overlap.
            events[i++] = new long[] {s.sendMs(), 1};
            events[i++] = new long[] {s.endMs(), -1};
        }
        java.util.Arrays.sort(events, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] e : events) {
            now += (int) e[1];
            max = Math.max(max, now);
        }
        return max;
    }
}
