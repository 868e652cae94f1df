package dev.syncasync.experiments;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The label every container, network and volume of one run carries
 * ({@code dev.syncasync.lab=sweep-20261122-104400-1234}), so that the run removes exactly what it
 * created and {@code docker ps -a --filter label=dev.syncasync.lab} shows what a run left.
 *
 * @param value the label's value, unique per run
 */
record RunLabel(String value) {

    static final String KEY = "dev.syncasync.lab";

    /** A new run of {@code kind} (sweep, chaos): its time and process id make it unique. */
    static RunLabel create(String kind) {
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return new RunLabel(kind + "-" + time + "-" + ProcessHandle.current().pid());
    }

    Map<String, String> labels() {
        return Map.of(KEY, value);
    }

    /** The filter form, {@code key=value}. */
    String filter() {
        return KEY + "=" + value;
    }

    /** A container or network name of this run: unique on the engine, readable in {@code docker ps}. */
    String name(String part) {
        return "lab-" + value + "-" + part;
    }
}
