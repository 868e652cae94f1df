package dev.syncasync.experiments;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls a condition until it holds or a deadline passes: how the experiments wait for the
 * engine and the lab (a container healthy, N workers ready, a worker ejected). The pause
 * between polls is the poll interval, never a guess at how long something takes.
 */
final class Deadline {

    /** A condition that may fail while it is not yet true (a port not yet answering). */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    private Deadline() {
    }

    /** Polls {@code check} every {@code every} until it holds (true) or {@code limit} passed (false). */
    static boolean await(Duration limit, Duration every, Check check) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                if (check.holds()) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                // Not yet: the thing polled is still starting.
            }
            if (System.nanoTime() >= end || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(every.toNanos(), Math.max(0, end - System.nanoTime())));
        }
    }

    static long msSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
