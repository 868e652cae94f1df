package dev.syncasync.balancer.live;

import io.vertx.core.MultiMap;
import java.util.List;

/**
 * What {@code POST /live/burst} asks for: {@code n} requests of {@code GET /work?io=&cpu=} at
 * once. Bounded, because it makes load and the page lets anyone with the token press it: at most
 * {@value #MAX_N} requests, {@value #MAX_IO_MS} ms of waiting and {@value #MAX_CPU_MS} ms of
 * computation each, and {@value #MAX_TOTAL_CPU_MS} ms of computation in all.
 *
 * @param n     requests sent at once
 * @param ioMs  milliseconds each waits at the worker
 * @param cpuMs milliseconds each computes at the worker
 */
record BurstRequest(int n, int ioMs, int cpuMs) {

    static final int MAX_N = 1000;
    static final int MAX_IO_MS = 10_000;
    static final int MAX_CPU_MS = 1_000;
    static final int MAX_TOTAL_CPU_MS = 30_000;
    static final List<String> PARAMETERS = List.of("n", "io", "cpu");

    /** A parameter that is missing, malformed, out of bounds or unknown; its message says which and why. */
    static final class Invalid extends RuntimeException {

        private static final long serialVersionUID = 1L;
        final String parameter;

        Invalid(String parameter, String message) {
            super(message, null, false, false);
            this.parameter = parameter;
        }
    }

    /** Reads the query; {@code n} is required, {@code io} and {@code cpu} default to 0. */
    static BurstRequest parse(MultiMap params) {
        for (String name : params.names()) {
            if (!PARAMETERS.contains(name)) {
                throw new Invalid(name, "unknown parameter '" + name + "': /live/burst takes "
                        + String.join(", ", PARAMETERS));
            }
        }
        int n = integer(params, "n", null, 1, MAX_N, "requests");
        int io = integer(params, "io", 0, 0, MAX_IO_MS, "milliseconds");
        int cpu = integer(params, "cpu", 0, 0, MAX_CPU_MS, "milliseconds");
        if ((long) n * cpu > MAX_TOTAL_CPU_MS) {
            throw new Invalid("cpu", "a burst may ask for " + MAX_TOTAL_CPU_MS
                    + " ms of computation in all, got n x cpu = " + n + " x " + cpu + " = " + (long) n * cpu + " ms");
        }
        return new BurstRequest(n, io, cpu);
    }

    private static int integer(MultiMap params, String name, Integer absent, int min, int max, String unit) {
        List<String> values = params.getAll(name);
        if (values.isEmpty()) {
            if (absent == null) {
                throw new Invalid(name, name + " is required: an integer number of " + unit + " in "
                        + min + ".." + max);
            }
            return absent;
        }
        if (values.size() > 1) {
            throw new Invalid(name, name + " must be given at most once, got " + values.size() + " values");
        }
        String text = values.get(0);
        if (!text.matches("\\d{1,7}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            throw new Invalid(name, name + " must be an integer number of " + unit + " in " + min + ".." + max
                    + ", got '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    /** The path and query each request of the burst sends; {@code tag} marks it in the timeline. */
    String uri(long burstId) {
        return "/work?io=" + ioMs + "&cpu=" + cpuMs + "&tag=burst-" + burstId;
    }
}
