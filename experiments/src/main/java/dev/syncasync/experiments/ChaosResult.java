package dev.syncasync.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a chaos run saw.
 *
 * @param action        what was done to the worker
 * @param lab           the lab
 * @param worker        the worker's container name
 * @param address       its address in the registry
 * @param simulation    the load and its parameters
 * @param requests      requests the clients measured
 * @param failed        of those, requests that did not get a 200
 * @param p99Ms         the clients' p99 latency (a paused worker shows here, not in failures)
 * @param maxMs         the clients' slowest request
 * @param ejectedMs     from the break until the registry listed the worker ejected (or gone); -1 = never
 * @param backMs        from the recovery (unpause, start) until the worker was ready and served again;
 *                      -1 = never, null = not applicable (kill)
 * @param report        the Gatling report directory
 */
record ChaosResult(String action, String lab, String worker, String address, String simulation, int requests,
                   int failed, double p99Ms, double maxMs, long ejectedMs, Long backMs, String report) {

    /** The break was seen: ejected, and back in service when it was meant to come back. */
    boolean detected() {
        return ejectedMs >= 0 && (backMs == null || backMs >= 0);
    }

    String text() {
        return String.format(Locale.ROOT, """
                chaos: %s of %s (%s) in a lab of %s under %s
                  clients: %d requests, %d failed (not 200), p99 %.0f ms, slowest %.0f ms
                  ejected: %s after the %s (GET /admin/workers: state ejected, or the entry gone)
                  back:    %s
                  verdict: %s
                  Gatling report: %s
                """, action, worker, address, lab, simulation, requests, failed, p99Ms, maxMs,
                ejectedMs >= 0 ? ejectedMs + " ms" : "NOT within the deadline", action,
                backMs == null ? "n/a (killed for good)"
                        : backMs >= 0 ? backMs + " ms after the recovery, ready and serving again"
                        : "NOT within the deadline",
                detected() ? "detected" : "NOT detected", report);
    }

    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve("chaos.txt"), text(), StandardCharsets.UTF_8);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("chaos.json").toFile(), this);
    }
}
