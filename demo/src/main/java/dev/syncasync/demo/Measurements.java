package dev.syncasync.demo;

import dev.syncasync.measurements.RequestSamples;
import dev.syncasync.measurements.RequestSamples.Sample;
import dev.syncasync.report.DemoReport;
import dev.syncasync.report.DemoReport.Distribution;
import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.DemoReport.Stats;
import dev.syncasync.theory.Band;
import dev.syncasync.theory.Prediction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what one simulation run left beside its Gatling report - its predictions
 * ({@code lab.json}) and every measured request ({@code requests.csv}) - and turns them into
 * the demo's rows: the same statistics for prediction and measurement, computed the same way
 * (nearest rank) as the theory computes its percentiles, each checked statistic held to the
 * band the simulation derived from its model ({@link Band}).
 */
final class Measurements {

    /** The rows and latency samples of one run. */
    record Run(String simulation, String topology, List<Measured> rows, List<Distribution> distributions) {

        /** The rows as the report shows them. */
        List<Row> reportRows() {
            return rows.stream().map(Measured::row).toList();
        }
    }

    /**
     * One row before the disturbance guard saw it: whether it is inside its bands, what is
     * outside and why, and when its requests ran.
     *
     * @param row        the row, its verdict from the bands alone
     * @param fromMs     the first request's send (epoch ms)
     * @param toMs       the last answer (epoch ms)
     * @param smallestMs the smallest latency it predicts (ms): how short a stall it can absorb
     */
    record Measured(Row row, long fromMs, long toMs, double smallestMs) {

        /** The same row with another verdict, note and attempt count. */
        Measured with(String verdict, String note, int attempts) {
            Row r = row;
            return new Measured(new Row(r.simulation(), r.request(), r.topology(), r.loadModel(), r.model(), r.predicted(),
                    r.measured(), r.count(), r.failed(), r.checked(), verdict, note, attempts, r.gatlingReport()),
                    fromMs, toMs, smallestMs);
        }
    }

    private Measurements() {
    }

    static Run read(Path report, Path reportRoot) {
        JsonObject summary;
        List<Sample> samples;
        try {
            summary = new JsonObject(Files.readString(report.resolve("lab.json")));
            samples = RequestSamples.read(report.resolve("requests.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the results in " + report, e);
        }
        String simulation = summary.getString("simulation");
        String topology = summary.getString("topology");
        String gatling = reportRoot.relativize(report.resolve("index.html")).toString().replace('\\', '/');
        List<Measured> rows = new ArrayList<>();
        List<Distribution> distributions = new ArrayList<>();
        for (Object o : summary.getJsonArray("expectations", new JsonArray())) {
            JsonObject e = (JsonObject) o;
            String name = e.getString("name");
            String tag = e.getString("tag");
            List<Sample> mine = samples.stream().filter(s -> tag(s.name()).equals(tag)).toList();
            Stats predicted = new Stats(num(e, "p50"), num(e, "p95"), num(e, "max"), num(e, "throughput"));
            RequestSamples.Stats m = e.getBoolean("group", !tag.equals(tag(name)))
                    ? RequestSamples.span(mine) : RequestSamples.stats(mine);
            Stats measured = new Stats(m.p50(), m.p95(), m.max(), m.throughput());
            List<String> checked = e.getJsonArray("checked", new JsonArray()).stream().map(Object::toString).toList();
            Band band = band(e.getJsonObject("band", new JsonObject()));
            List<String> off = new ArrayList<>();
            for (String stat : checked) {
                double p = pick(stat, predicted);
                double v = m.get(stat);
                if (!(stat.equals("throughput") ? band.containsRate(p, v) : band.contains(p, v))) {
                    off.add(String.format(Locale.ROOT, "%s %s by %+.1f%% (band %s)", stat,
                            v > p ? "above" : "below", Prediction.relativeError(p, v) * 100, band));
                }
            }
            int failed = (int) mine.stream().filter(s -> !s.ok()).count();
            if (mine.isEmpty()) {
                off.add("no request measured");
            } else if (failed > 0) {
                off.add(failed + " requests failed");
            }
            String note = off.isEmpty() ? "" : String.join("; ", off) + " - likely cause: " + e.getString("cause", "unknown");
            Row row = new Row(simulation, name, topology, summary.getString("loadModel"), e.getString("model"), predicted,
                    measured, mine.size(), failed, checked, off.isEmpty() ? DemoReport.AGREES : DemoReport.DISAGREES,
                    note, 1, gatling);
            long from = mine.stream().mapToLong(Sample::sendMs).min().orElse(0);
            long to = mine.stream().mapToLong(Sample::endMs).max().orElse(0);
            double smallest = checked.stream().filter(s -> !s.equals("throughput")).mapToDouble(s -> pick(s, predicted))
                    .min().orElse(Double.NaN);
            rows.add(new Measured(row, from, to, smallest));
            distributions.add(new Distribution(simulation, name, topology,
                    mine.stream().map(s -> (double) s.responseMs()).sorted().toList()));
        }
        return new Run(simulation, topology, rows, distributions);
    }

    /** The band a simulation wrote into lab.json. */
    static Band band(JsonObject band) {
        return new Band(band.getDouble("relative", Band.MAX_RELATIVE), band.getDouble("slackMs", 0.0),
                band.getDouble("slackBelowMs", Band.SHORT_MS));
    }

    private static double pick(String stat, Stats s) {
        return switch (stat) {
            case "p50" -> s.p50();
            case "p95" -> s.p95();
            case "max" -> s.max();
            case "throughput" -> s.throughput();
            default -> throw new IllegalArgumentException("unknown statistic " + stat);
        };
    }

    private static double num(JsonObject o, String key) {
        Object v = o.getValue(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The simulations' tag of a request name (see {@link RequestSamples#tag}). */
    static String tag(String name) {
        return RequestSamples.tag(name);
    }
}
