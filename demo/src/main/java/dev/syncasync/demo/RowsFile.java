package dev.syncasync.demo;

import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.DemoReport.Stats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rows.json} beside a demo's report: every row as data (prediction, measurement,
 * which statistics are asserted, verdict, note, attempts), plus how long the demo took and
 * what it re-ran - what the soak ({@link DemoSoak}) reads, so no process greps another's
 * console.
 */
final class RowsFile {

    /** One demo run as rows.json holds it. */
    record Contents(double elapsedSec, String machine, List<String> reruns, List<Row> rows) {
    }

    private RowsFile() {
    }

    static void write(Path file, List<Row> rows, double elapsedSec, String machine, List<String> reruns) throws IOException {
        JsonArray array = new JsonArray();
        for (Row r : rows) {
            array.add(new JsonObject().put("simulation", r.simulation()).put("request", r.request())
                    .put("topology", r.topology()).put("loadModel", r.loadModel()).put("model", r.model())
                    .put("predicted", stats(r.predicted())).put("measured", stats(r.measured()))
                    .put("count", r.count()).put("failed", r.failed()).put("checked", new JsonArray(r.checked()))
                    .put("verdict", r.verdict()).put("note", r.note()).put("attempts", r.attempts()));
        }
        Files.writeString(file, new JsonObject().put("elapsedSec", elapsedSec).put("machine", machine)
                .put("reruns", new JsonArray(reruns)).put("rows", array).encodePrettily());
    }

    static Contents read(Path file) throws IOException {
        JsonObject root = new JsonObject(Files.readString(file));
        List<Row> rows = new ArrayList<>();
        for (Object o : root.getJsonArray("rows", new JsonArray())) {
            JsonObject r = (JsonObject) o;
            rows.add(new Row(r.getString("simulation"), r.getString("request"), r.getString("topology"),
                    r.getString("loadModel"), r.getString("model"), stats(r.getJsonObject("predicted")),
                    stats(r.getJsonObject("measured")), r.getInteger("count", 0), r.getInteger("failed", 0),
                    r.getJsonArray("checked", new JsonArray()).stream().map(Object::toString).toList(),
                    r.getString("verdict"), r.getString("note", ""), r.getInteger("attempts", 1), null));
        }
        List<String> reruns = root.getJsonArray("reruns", new JsonArray()).stream().map(Object::toString).toList();
        return new Contents(root.getDouble("elapsedSec", Double.NaN), root.getString("machine", "?"), reruns, rows);
    }

    /** The re-runs counted per topology and simulation: "sync calibration x2, async CpuBound x1". */
    static String tallyReruns(List<String> reruns) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String r : reruns) {
            int comma = r.indexOf(',');
            int colon = r.indexOf(':');
            int end = comma < 0 ? colon : colon < 0 ? comma : Math.min(comma, colon);
            counts.merge(end < 0 ? r : r.substring(0, end), 1, Integer::sum);
        }
        return String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).toList());
    }

    private static JsonObject stats(Stats s) {
        JsonObject o = new JsonObject();
        put(o, "p50", s.p50());
        put(o, "p95", s.p95());
        put(o, "max", s.max());
        put(o, "throughput", s.throughput());
        return o;
    }

    private static Stats stats(JsonObject o) {
        return new Stats(num(o, "p50"), num(o, "p95"), num(o, "max"), num(o, "throughput"));
    }

    /** JSON has no NaN: an unknown value is left out. */
    private static void put(JsonObject o, String key, double value) {
        if (!Double.isNaN(value)) {
            o.put(key, value);
        }
    }

    private static double num(JsonObject o, String key) {
        Object v = o == null ? null : o.getValue(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
