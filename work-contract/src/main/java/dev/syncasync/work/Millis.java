package dev.syncasync.work;

import java.time.Instant;

/** Time helpers: wall-clock microseconds and milliseconds printed with microsecond precision. */
public final class Millis {

    private Millis() {
    }

    /** Microseconds since the epoch, from the wall clock (comparable across processes on one host). */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * {@code 1000.123}: milliseconds with three decimals, a dot whatever the locale. Written by
     * hand because it runs for every proxied response and {@code String.format} costs a parse.
     */
    public static String format(double millis) {
        if (Double.isNaN(millis) || Double.isInfinite(millis)) {
            return String.valueOf(millis);
        }
        long micros = Math.round(millis * 1000);
        StringBuilder out = new StringBuilder(16);
        if (micros < 0) {
            out.append('-');
            micros = -micros;
        }
        long fraction = micros % 1000;
        out.append(micros / 1000).append('.');
        if (fraction < 100) {
            out.append('0');
        }
        if (fraction < 10) {
            out.append('0');
        }
        return out.append(fraction).toString();
    }

    /** Milliseconds between two {@link System#nanoTime()} readings, as text with three decimals. */
    public static String betweenNanos(long startNanos, long endNanos) {
        return format((endNanos - startNanos) / 1_000_000.0);
    }
}
