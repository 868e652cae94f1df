package dev.syncasync.work;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The CPU clock of the OS thread the caller runs on, for {@link CpuBurner}.
 *
 * <p>A platform thread reads its own clock. A virtual thread has none ({@link ThreadMXBean}
 * supports platform threads only), but while it computes without blocking it stays mounted on
 * one carrier thread - the JDK's scheduler does not preempt it - so the carrier's CPU time is
 * the virtual thread's for that stretch. The carrier is named in the virtual thread's
 * {@code toString()} ({@code VirtualThread[#42,name]/runnable@ForkJoinPool-1-worker-1}), the
 * only public way to name it; its id is looked up once per carrier. Where none of that works,
 * wall time: still real work, less exact.
 */
final class ThreadCpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CURRENT_CPU = THREADS.isCurrentThreadCpuTimeSupported();
    private static final boolean ANY_CPU = THREADS.isThreadCpuTimeSupported();
    /** Carrier thread name to its id; carriers are few and long-lived. */
    private static final Map<String, Long> CARRIERS = new ConcurrentHashMap<>();

    private ThreadCpuClock() {
    }

    /** A clock in nanoseconds valid until the calling thread blocks (a virtual thread may then move). */
    static LongSupplier forCurrentThread() {
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            return CURRENT_CPU ? THREADS::getCurrentThreadCpuTime : System::nanoTime;
        }
        long carrier = ANY_CPU ? carrierId(self) : -1;
        return carrier < 0 ? System::nanoTime : () -> THREADS.getThreadCpuTime(carrier);
    }

    /** The id of the carrier {@code virtual} is mounted on, or -1. */
    static long carrierId(Thread virtual) {
        String text = virtual.toString();
        int at = text.lastIndexOf('@');
        if (at < 0 || at == text.length() - 1) {
            return -1;
        }
        String carrier = text.substring(at + 1);
        Long id = CARRIERS.get(carrier);
        if (id == null || THREADS.getThreadCpuTime(id) < 0) {
            id = find(carrier);
            if (id < 0) {
                return -1;
            }
            CARRIERS.put(carrier, id);
        }
        return id;
    }

    private static long find(String name) {
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) {
            if (info != null && info.getThreadName().equals(name)) {
                return info.getThreadId();
            }
        }
        return -1;
    }
}
