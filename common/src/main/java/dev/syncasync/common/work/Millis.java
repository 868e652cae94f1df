package dev.syncasync.common.work;

import java.time.Instant;
import java.util.Locale;

/** Time helpers: wall-clock microseconds and milliseconds printed with microsecond precision. */
public final class Millis {

    private Millis() {
    }

    /** Microseconds since the epoch, from the wall clock (comparable across processes on one host). */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** {@code 1000.123}: milliseconds with three decimals, a dot whatever the locale. */
    public static String format(double millis) {
        return String.format(Locale.ROOT, "%.3f", millis);
    }

    /** Milliseconds between two {@link System#nanoTime()} readings, as text with three decimals. */
    public static String betweenNanos(long startNanos, long endNanos) {
        return format((endNanos - startNanos) / 1_000_000.0);
    }
}
