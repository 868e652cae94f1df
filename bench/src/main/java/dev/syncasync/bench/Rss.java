package dev.syncasync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident set size, from {@code /proc/PID/status} ({@code VmRSS}); Linux only. */
final class Rss {

    private Rss() {
    }

    /** This process's resident set, in bytes. */
    static long self() {
        return of("self");
    }

    /** The resident set of process {@code pid}, in bytes; 0 when it is gone. */
    static long of(long pid) {
        return of(Long.toString(pid));
    }

    private static long of(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
