package dev.syncasync.experiments;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Progress lines on the console, each prefixed {@code lab:}; times as "1m05s". */
final class Progress {

    private final PrintStream out;
    private final long start = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void say(String line) {
        out.println("lab: " + line);
        out.flush();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** "1m05s", "42s". */
    static String time(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
