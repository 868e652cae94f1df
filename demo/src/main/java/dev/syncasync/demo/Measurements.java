package dev.syncasync.demo;

import dev.syncasync.measurements.Percentiles;
import dev.syncasync.measurements.RequestSamples.Sample;
import dev.syncasync.measurements.RequestSamples;
import dev.syncasync.report.DemoReport.Distribution;
import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.DemoReport.Stats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what one simulation run left beside its Gatling report - its predictions
 * ({@code lab.json}) and every measured request ({@code requests.csv}) - and turns them into
 * the demo's rows: the same statistics for prediction and measurement, computed the same way
 * (nearest rank) as the theory computes its percentiles.
 */
final class Measurements {

    /** The rows and latency samples of one run. */
    record Run(String simulation, String topology, List<Row> rows, List<Distribution> distributions) {
    }


    private Measurements() {
    }

    static Run read(Path report, Path reportRoot) {
        JsonObject summary;
        List<Sample> samples;
        try {
            summary = new JsonObject(Files.readString(report.resolve("lab.json")));
            samples = samples(report.resolve("requests.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the results in " + report, e);
        }
        String simulation = summary.getString("simulation");
        String topology = summary.getString("topology");
        String gatling = reportRoot.relativize(report.resolve("index.html")).toString().replace('\\', '/');
        List<Row> rows = new ArrayList<>();
        List<Distribution> distributions = new ArrayList<>();
        for (Object o : summary.getJsonArray("expectations", new JsonArray())) {
            JsonObject e = (JsonObject) o;
            String name = e.getString("name");
            String tag = e.getString("tag");
            boolean group = !tag.equals(tag(name));
            List<Sample> mine = samples.stream().filter(s -> tag(s.name()).equals(tag)).toList();
            Stats predicted = new Stats(num(e, "p50"), num(e, "p95"), num(e, "max"), num(e, "throughput"));
            Stats measured = group ? span(mine) : stats(mine);
            List<String> checked = e.getJsonArray("checked", new JsonArray()).stream().map(Object::toString).toList();
            JsonObject band = e.getJsonObject("band", new JsonObject());
            boolean agrees = !mine.isEmpty() && mine.stream().allMatch(Sample::ok)
                    && checked.stream().allMatch(stat -> inBand(stat, predicted, measured, band));
            rows.add(new Row(simulation, name, topology, summary.getString("loadModel"), e.getString("model"),
                    predicted, measured, mine.size(), (int) mine.stream().filter(s -> !s.ok()).count(), checked, agrees,
                    gatling));
            distributions.add(new Distribution(simulation, name, topology,
                    mine.stream().map(s -> (double) s.responseMs()).sorted().toList()));
        }
        return new Run(simulation, topology, rows, distributions);
    }

    /** Nearest-rank percentiles, maximum, and throughput from the first send to the last answer. */
    static Stats stats(List<Sample> samples) {
        if (samples.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = samples.stream().mapToDouble(Sample::responseMs).sorted().toArray();
        return new Stats(Percentiles.nearestRank(sorted, 0.50), Percentiles.nearestRank(sorted, 0.95), sorted[sorted.length - 1],
                throughput(samples));
    }

    /** A group (n requests one after another): its one duration is p50, p95 and max. */
    static Stats span(List<Sample> samples) {
        if (samples.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long first = samples.stream().mapToLong(Sample::sendMs).min().orElseThrow();
        long last = samples.stream().mapToLong(Sample::endMs).max().orElseThrow();
        double total = last - first;
        return new Stats(total, total, total, throughput(samples));
    }

    private static double throughput(List<Sample> samples) {
        return RequestSamples.throughput(samples);
    }

    private static boolean inBand(String stat, Stats predicted, Stats measured, JsonObject band) {
        double p = pick(stat, predicted);
        double m = pick(stat, measured);
        if (Double.isNaN(p)) {
            return true;
        }
        // The same whole-millisecond bounds the simulation gives Gatling.
        double low = Math.floor(p * band.getDouble("low", 0.0));
        double high = Math.ceil(p * band.getDouble("high", Double.MAX_VALUE) + band.getDouble("slackMs", 0.0));
        return m >= low && m <= high;
    }

    private static double pick(String stat, Stats s) {
        return switch (stat) {
            case "p50" -> s.p50();
            case "p95" -> s.p95();
            default -> s.max();
        };
    }

    private static double num(JsonObject o, String key) {
        Object v = o.getValue(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The requests of requests.csv (read by {@link RequestSamples}, which the experiments share). */
    static List<Sample> samples(Path csv) throws IOException {
        return RequestSamples.read(csv);
    }

    /** The simulations' tag of a request name (see {@link RequestSamples#tag}). */
    static String tag(String name) {
        return RequestSamples.tag(name);
    }
}
