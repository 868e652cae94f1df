package dev.syncasync.measurements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Sees this JVM stall: a thread that asks to sleep 1 ms, again and again, and records every
 * wake-up that comes {@link #THRESHOLD_MS} or more late. A garbage-collection pause, a
 * safepoint, or the core being taken by other processes delays it exactly as it delays every
 * other thread of the JVM - the balancer's event loop, Gatling's - so the largest stall
 * during a measurement says whether the measurement was disturbed, whatever the cause.
 *
 * <p>It costs a wake-up per millisecond on the core it runs on (a few microseconds each).
 */
public final class HiccupMeter implements AutoCloseable {

    /** Wake-ups at least this late (ms) are recorded. */
    public static final double THRESHOLD_MS = 3;

    private static final long PERIOD_NS = 1_000_000;

    /**
     * One late wake-up: the JVM (or at least this thread) could not run from
     * {@code endMs - stallMs} to {@code endMs}.
     *
     * @param endMs   when it woke (epoch ms)
     * @param stallMs how late it woke (ms)
     */
    public record Stall(long endMs, double stallMs) {

        long startMs() {
            return endMs - (long) Math.ceil(stallMs);
        }
    }

    private final List<Stall> stalls = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private HiccupMeter() {
        thread = new Thread(this::measure, "lab-hiccup-meter");
        thread.setDaemon(true);
    }

    /** Starts a meter on a thread of its own. */
    public static HiccupMeter start() {
        HiccupMeter meter = new HiccupMeter();
        meter.thread.start();
        return meter;
    }

    private void measure() {
        while (running) {
            long before = System.nanoTime();
            LockSupport.parkNanos(PERIOD_NS);
            double lateMs = (System.nanoTime() - before - PERIOD_NS) / 1e6;
            if (lateMs >= THRESHOLD_MS) {
                synchronized (stalls) {
                    stalls.add(new Stall(System.currentTimeMillis(), lateMs));
                }
            }
        }
    }

    /** Every stall so far. */
    public List<Stall> stalls() {
        synchronized (stalls) {
            return List.copyOf(stalls);
        }
    }

    /** The longest stall overlapping {@code [fromMs, toMs]} (epoch ms); 0 when none. */
    public double longest(long fromMs, long toMs) {
        return longest(stalls(), fromMs, toMs);
    }

    /** The longest of {@code stalls} overlapping {@code [fromMs, toMs]}; 0 when none. */
    public static double longest(List<Stall> stalls, long fromMs, long toMs) {
        return stalls.stream().filter(s -> s.endMs() >= fromMs && s.startMs() <= toMs).mapToDouble(Stall::stallMs)
                .max().orElse(0);
    }

    /** Writes every stall so far to {@code file} as CSV ({@code endMs,stallMs}), replacing it. */
    public void writeTo(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("endMs,stallMs");
        stalls().forEach(s -> lines.add(s.endMs() + "," + String.format(java.util.Locale.ROOT, "%.2f", s.stallMs())));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The stalls in a file {@link #writeTo} wrote; none when it does not exist. */
    public static List<Stall> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Stall> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(",");
            if (f.length == 2 && !f[0].equals("endMs")) {
                out.add(new Stall(Long.parseLong(f[0]), Double.parseDouble(f[1])));
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
